/**
 * Reading Kubernetes manifests for the commands that evaluate policies (`connectivity`,
 * `diff`): files and folders, plain or gzip, parsed into objects with their diagnostics, and
 * the stderr line of a diagnostic. Parsing and the inventory are the engine's.
 */
import { gunzipSync } from 'node:zlib';
import { parseMetadataBytes, type K8sObject } from '../lib/engine/inventory/parse';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../lib/engine/model/diagnostic';
import { expandInputs, readBytes, type InputFile } from './io';

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The file's text bytes, gunzipped when it is gzip; null (with a diagnostic) when corrupt. */
function plainBytes(file: InputFile, bytes: Uint8Array, out: Diagnostic[]): Uint8Array | null {
  if (!isGzip(bytes)) return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (e) {
    const message = `gzip data is truncated or corrupt (${(e as Error).message}); file skipped`;
    out.push({
      code: DIAGNOSTIC_CODES.TRUNCATED_GZIP,
      severity: 'error',
      message,
      file: file.name,
      line: null,
    });
    return null;
  }
}

export async function readObjects(paths: string[], out: Diagnostic[]): Promise<K8sObject[]> {
  const objects: K8sObject[] = [];
  for (const file of await expandInputs(paths)) {
    const bytes = plainBytes(file, await readBytes(file), out);
    if (bytes === null) continue;
    const parsed = parseMetadataBytes(bytes, file.name);
    out.push(...parsed.diagnostics);
    objects.push(...parsed.objects);
  }
  return objects;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === null ? d.file : `${d.file}:${d.line}`;
  return `${where}: ${d.severity} ${d.code}: ${d.message}\n`;
}
