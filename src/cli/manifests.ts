/**
 * Reading Kubernetes manifests for the commands that evaluate policies (`connectivity`,
 * `diff`): files and folders, plain or gzip, parsed into objects with their diagnostics, and
 * the stderr line of a diagnostic. Parsing and the inventory are the engine's.
 */
import {
  createSink,
  finishDiagnostics,
  gunzipBytes,
  isGzip,
  parseMetadataBytes,
  reportGzipEnd,
  type Diagnostic,
  type K8sObject,
} from '../lib/engine/index';
import { expandInputs, readBytes, type InputFile } from './io';

/**
 * The file's text bytes, gunzipped (every member; the engine's reader) when it is gzip; a
 * corrupt or truncated gzip keeps what it decoded, with the reader's diagnostics.
 */
async function plainBytes(file: InputFile, bytes: Uint8Array, out: Diagnostic[]) {
  if (!isGzip(bytes)) return bytes;
  const { bytes: plain, end } = await gunzipBytes(bytes);
  const sink = createSink(file.name);
  reportGzipEnd(sink, end);
  out.push(...finishDiagnostics(sink));
  return plain;
}

export async function readObjects(paths: string[], out: Diagnostic[]): Promise<K8sObject[]> {
  const objects: K8sObject[] = [];
  for (const file of await expandInputs(paths)) {
    const bytes = await plainBytes(file, await readBytes(file), out);
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
