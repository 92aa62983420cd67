/**
 * kubectl metadata dumps → Kubernetes objects. Accepts `kind: List`, typed lists whose items
 * lack `kind` (PodList, NamespaceList… from the raw API), single objects, multi-document YAML,
 * `kubectl cluster-info dump` (concatenated JSON with logs between), JSON arrays and nested
 * lists; bytes may be UTF-8 (BOM or not) or UTF-16. Never throws: problems are diagnostics.
 * Objects are returned as parsed (not normalised); build.ts reads them.
 */
import { DIAGNOSTIC_CODES, type Diagnostic } from '../model/diagnostic';
import { decodeText } from './decode';
import { jsonDocuments, yamlDocuments, type ParsedDocument } from './documents';
import { isRec, own, str, type Rec } from './fields';

export interface K8sObject {
  kind: string;
  apiVersion?: string;
  metadata?: Record<string, unknown>;
  spec?: unknown;
  status?: unknown;
  [k: string]: unknown;
}

export interface ParseResult {
  objects: K8sObject[];
  diagnostics: Diagnostic[];
}

export interface ObjectSource {
  file: string;
  line: number;
}

/** Lists inside lists deeper than this are not followed. */
const MAX_LIST_NESTING = 8;

const sources = new WeakMap<object, ObjectSource>();

/** Where a parsed object came from (file and the line of its document), when this module parsed it. */
export function sourceOf(o: object): ObjectSource | undefined {
  return sources.get(o);
}

interface Collector {
  file: string;
  objects: K8sObject[];
  diagnostics: Diagnostic[];
  nonManifest: number;
}

function isListKind(kind: string, o: Rec): boolean {
  return (kind === 'List' || kind.endsWith('List')) && Array.isArray(own(o, 'items'));
}

function warn(c: Collector, code: string, message: string, line: number): void {
  c.diagnostics.push({ code, severity: 'warning', message, file: c.file, line });
}

/** An item of a typed list without `kind`: a shallow copy with the kind inferred from the list. */
function withKind(item: Rec, kind: string, apiVersion: string | undefined): Rec {
  const copy: Rec = { ...item, kind };
  if (str(own(item, 'apiVersion')) === undefined && apiVersion !== undefined) {
    copy.apiVersion = apiVersion;
  }
  return copy;
}

function collectList(c: Collector, list: Rec, kind: string, line: number, depth: number): void {
  if (depth >= MAX_LIST_NESTING) {
    const msg = `Lists nested deeper than ${MAX_LIST_NESTING} levels; inner list skipped`;
    warn(c, DIAGNOSTIC_CODES.TOO_DEEP, msg, line);
    return;
  }
  const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
  const apiVersion = str(own(list, 'apiVersion'));
  (own(list, 'items') as unknown[]).forEach((item, i) => {
    if (isRec(item) && str(own(item, 'kind')) === undefined && itemKind !== undefined) {
      collect(c, withKind(item, itemKind, apiVersion), line, depth + 1);
    } else if (isRec(item) && str(own(item, 'kind')) !== undefined) {
      collect(c, item, line, depth + 1);
    } else {
      const msg = `Item ${i} of a ${kind} is not a Kubernetes object (no kind); skipped`;
      warn(c, DIAGNOSTIC_CODES.BAD_OBJECT, msg, line);
    }
  });
}

function collect(c: Collector, value: unknown, line: number, depth: number): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (depth >= MAX_LIST_NESTING) return;
    for (const v of value) collect(c, v, line, depth + 1);
    return;
  }
  const kind = isRec(value) ? str(own(value, 'kind')) : undefined;
  if (!isRec(value) || kind === undefined) {
    c.nonManifest++;
    return;
  }
  if (isListKind(kind, value)) {
    collectList(c, value, kind, line, depth);
    return;
  }
  sources.set(value, { file: c.file, line });
  c.objects.push(value as K8sObject);
}

function looksLikeJson(text: string): boolean {
  const m = /\S/.exec(text);
  return m !== null && (m[0] === '{' || m[0] === '[');
}

function documents(
  text: string,
  file: string,
): { docs: ParsedDocument[]; diagnostics: Diagnostic[] } {
  if (!looksLikeJson(text)) return yamlDocuments(text, file);
  const json = jsonDocuments(text, file);
  if (json.docs.length > 0 || json.diagnostics.length === 0) return json;
  // Flow-style YAML (`{kind: Pod, …}`) starts like JSON but only YAML can read it.
  const yaml = yamlDocuments(text, file);
  return yaml.diagnostics.length === 0 ? yaml : json;
}

/** Parses the text of one metadata file into Kubernetes objects (list items flattened). */
export function parseMetadataText(text: string, file: string): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { docs, diagnostics } = documents(body, file);
  const c: Collector = { file, objects: [], diagnostics, nonManifest: 0 };
  for (const d of docs) collect(c, d.value, d.line, 0);
  if (c.objects.length === 0 && diagnostics.length === 0) {
    const msg = 'Not a Kubernetes manifest (no object with a kind)';
    c.diagnostics.push({
      code: DIAGNOSTIC_CODES.NOT_MANIFEST,
      severity: 'warning',
      message: msg,
      file,
      line: null,
    });
  } else if (c.nonManifest > 0) {
    const msg = `${c.nonManifest} document(s) without a kind were skipped`;
    warn(c, DIAGNOSTIC_CODES.BAD_OBJECT, msg, docs[0]?.line ?? 1);
  }
  return { objects: c.objects, diagnostics: c.diagnostics };
}

/** Decodes (UTF-8, UTF-16 by BOM) then parses one metadata file. */
export function parseMetadataBytes(bytes: Uint8Array, file: string): ParseResult {
  const decoded = decodeText(bytes, file);
  const parsed = parseMetadataText(decoded.text, file);
  return { objects: parsed.objects, diagnostics: [...decoded.diagnostics, ...parsed.diagnostics] };
}
