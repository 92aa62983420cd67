/**
 * Text → parsed documents with their 1-based start lines: concatenated JSON (via the splitter)
 * or multi-document YAML (cut at `---` lines so that one bad document loses only itself).
 * YAML uses js-yaml's default core schema (no custom or executable types) with a depth limit;
 * duplicate keys are tolerated with the later value winning, as JSON.parse does.
 */
import { load, YAMLException } from 'js-yaml';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../model/diagnostic';
import { splitConcatenatedJson } from './json-split';

export interface ParsedDocument {
  value: unknown;
  line: number;
}

/** Deepest nesting of objects/arrays accepted in one document (NP-TOO-DEEP beyond). */
export const MAX_DEPTH = 100;

function problem(code: string, message: string, file: string, line: number | null): Diagnostic {
  return { code, severity: 'error', message, file, line };
}

function tooDeep(file: string, line: number): Diagnostic {
  const message = `Document nested deeper than ${MAX_DEPTH} levels; skipped`;
  return problem(DIAGNOSTIC_CODES.TOO_DEEP, message, file, line);
}

/**
 * Offset of a JSON.parse error inside `chunk`: V8 states `at position N` for most errors, but
 * for an unexpected token only quotes the ±10 characters around it (`…"context"…`), which are
 * found back in the chunk.
 */
function jsonErrorOffset(chunk: string, msg: string): number | undefined {
  const pos = /at position (\d+)/.exec(msg);
  if (pos) return Number(pos[1]);
  const m = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(
    msg,
  );
  if (!m?.[3]) return undefined;
  const at = chunk.indexOf(m[3]);
  if (at < 0) return undefined;
  return at + (m[2] !== undefined ? 10 : Math.max(0, m[3].indexOf(m[1] as string)));
}

/** 1-based line of a JSON.parse error inside a chunk that starts at `chunkLine`. */
function jsonErrorLine(chunk: string, chunkLine: number, err: unknown): number {
  const msg = err instanceof Error ? err.message : '';
  const lineCol = /\(line (\d+) column \d+\)/.exec(msg);
  if (lineCol) return chunkLine + Number(lineCol[1]) - 1;
  const offset = jsonErrorOffset(chunk, msg);
  if (offset === undefined) return chunkLine;
  let line = chunkLine;
  const end = Math.min(offset, chunk.length);
  for (let i = chunk.indexOf('\n'); i >= 0 && i < end; i = chunk.indexOf('\n', i + 1)) line++;
  return line;
}

export function jsonDocuments(
  text: string,
  file: string,
): { docs: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const { chunks, problems } = splitConcatenatedJson(text, MAX_DEPTH);
  const docs: ParsedDocument[] = [];
  const diagnostics = problems.map((p) =>
    problem(DIAGNOSTIC_CODES.BAD_JSON, p.message, file, p.line),
  );
  for (const c of chunks) {
    if (c.tooDeep) {
      diagnostics.push(tooDeep(file, c.line));
      continue;
    }
    const slice = text.slice(c.start, c.end);
    try {
      docs.push({ value: JSON.parse(slice) as unknown, line: c.line });
    } catch (err) {
      const message = `Invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
      diagnostics.push(
        problem(DIAGNOSTIC_CODES.BAD_JSON, message, file, jsonErrorLine(slice, c.line, err)),
      );
    }
  }
  return { docs, diagnostics };
}

interface YamlChunk {
  text: string;
  line: number;
}

const DOC_START = /^---(?=[ \t]|$)/;
const DOC_END = /^\.\.\.[ \t]*$/;

/** Cuts YAML at document markers; the text after `---` on its line stays in the document. */
function yamlChunks(text: string): YamlChunk[] {
  const lines = text.split(/\r?\n/);
  const chunks: YamlChunk[] = [];
  let current: YamlChunk = { text: '', line: 1 };
  let body: string[] = [];
  const flush = (): void => {
    current.text = body.join('\n');
    chunks.push(current);
    body = [];
  };
  lines.forEach((l, i) => {
    if (DOC_START.test(l)) {
      flush();
      current = { text: '', line: i + 1 };
      body.push(l.slice(3));
    } else if (DOC_END.test(l)) {
      flush();
      current = { text: '', line: i + 2 };
    } else body.push(l);
  });
  flush();
  return chunks.filter((c) => /^[ \t]*[^\s#%]/m.test(c.text));
}

function yamlError(err: unknown, chunk: YamlChunk, file: string): Diagnostic {
  if (err instanceof YAMLException) {
    const line = chunk.line + (err.mark?.line ?? 0);
    if (/maxDepth/.test(err.reason)) return tooDeep(file, line);
    return problem(DIAGNOSTIC_CODES.BAD_YAML, `Invalid YAML: ${err.reason}`, file, line);
  }
  const message = `Invalid YAML: ${err instanceof Error ? err.message : String(err)}`;
  return problem(DIAGNOSTIC_CODES.BAD_YAML, message, file, chunk.line);
}

export function yamlDocuments(
  text: string,
  file: string,
): { docs: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const docs: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const chunk of yamlChunks(text)) {
    try {
      docs.push({ value: load(chunk.text, { maxDepth: MAX_DEPTH, json: true }), line: chunk.line });
    } catch (err) {
      diagnostics.push(yamlError(err, chunk, file));
    }
  }
  return { docs, diagnostics };
}
