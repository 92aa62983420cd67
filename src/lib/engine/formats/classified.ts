/**
 * What detection says of a file (detect.ts), and the shape of a format's detection rules: each
 * descriptor of the registry (registry.ts) carries its own rules with their rank, and detection
 * tries them in rank order, stage by stage — text lines, the head as text (YAML), the first
 * JSON value, then key names when no whole JSON value fits in the head.
 */
import type { FormatId } from './types';

export interface Classified {
  format: FormatId | null;
  kind: 'flows' | 'metadata' | 'unknown';
  /** 'lines': one JSON object (or text record) per line; 'documents': pretty/array/concatenated JSON or YAML. */
  layout: 'lines' | 'documents';
  /** Set when the file is a container the engine recognises but cannot read (Parquet, tar). */
  unsupported?: string;
  /** For a file recognised as something the engine does not read: the sentence to report. */
  message?: string;
  /** Longest JSON document kept, for formats whose whole file is one document (default: the line limit). */
  maxDocument?: number;
}

/**
 * Formats whose whole file is one JSON document wrapping the records (an Azure blob, a Loki
 * answer, a CloudWatch export): read whole, up to this many characters.
 */
export const WRAPPED_DOCUMENT_CHARS = 64 * 1024 * 1024;

/** The format, one record (or object) per line. */
export function found(format: FormatId): Classified {
  const kind = format === 'k8s-json' || format === 'k8s-yaml' ? 'metadata' : 'flows';
  return { format, kind, layout: 'lines' };
}

/** The format, its records wrapped in one document read whole. */
export function wrapped(format: FormatId): Classified {
  return { format, kind: 'flows', layout: 'documents', maxDocument: WRAPPED_DOCUMENT_CHARS };
}

/** A file recognised as something netpolish does not read, with the sentence that says so. */
export function notFlows(message: string): Classified {
  return { format: null, kind: 'unknown', layout: 'lines', message };
}

type Obj = Record<string, unknown>;

/** One detection rule: tried in `rank` order (lower first) among the rules of its stage. */
export interface SniffRule<A extends unknown[]> {
  rank: number;
  test: (...args: A) => Classified | null;
}

/** A format's detection rules, by stage (FORMATS.md §10). */
export interface FormatSniff {
  /** A non-empty line among the first 40 (line formats may follow a comment or a prompt). */
  line?: SniffRule<[line: string, lines: string[]]>;
  /** The head as text, after every line rule (YAML). */
  text?: SniffRule<[head: string]>;
  /** The first JSON value of the file, an object. */
  json?: SniffRule<[o: Obj]>;
  /** Key names in the head, when no whole JSON value fits in it. */
  keys?: SniffRule<[head: string]>;
}
