/**
 * Test helpers for the formats layer: fixture files from tests/fixtures/formats and byte
 * streams built in memory (chunked, to exercise the streaming code paths).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import { readInput, type ReadResult } from '../../../../src/lib/engine/formats/index';

export function fixturePath(rel: string): string {
  return fileURLToPath(new URL(`../../../fixtures/formats/${rel}`, import.meta.url));
}

export function fixtureText(rel: string): string {
  return readFileSync(fixturePath(rel), 'utf8');
}

export function fixtureBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(rel)));
}

/**
 * A stream that yields `bytes` in chunks of `chunk` bytes: Uint8Arrays as a browser's streams
 * give, or Node Buffers as the CLI reads files (`buffers`).
 */
export function streamOf(
  bytes: Uint8Array,
  chunk = 4096,
  buffers = false,
): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      const part = bytes.slice(at, at + chunk);
      c.enqueue(buffers ? Buffer.from(part.buffer, part.byteOffset, part.length) : part);
      at += chunk;
    },
  });
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Reads bytes through readInput, collecting the records. */
export async function readAll(
  bytes: Uint8Array,
  opts: {
    file?: string;
    chunk?: number;
    buffers?: boolean;
    keepReplies?: boolean;
    maxLineLength?: number;
  } = {},
): Promise<{ result: ReadResult; records: FlowRecord[] }> {
  const records: FlowRecord[] = [];
  const stream = streamOf(bytes, opts.chunk, opts.buffers);
  const result = await readInput(stream, opts.file ?? 'test', {
    onRecord: (r) => records.push(r),
    keepReplies: opts.keepReplies,
    maxLineLength: opts.maxLineLength,
  });
  return { result, records };
}

/** Plain-object copy (label maps have no prototype; this compares them as ordinary objects). */
export function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * Every sample capture of the format fixtures (goldens, provenance notes and the dumps left
 * out), and the app's demo capture: absolute paths.
 */
export function sampleCaptures(): string[] {
  const formats = fileURLToPath(new URL('../../../fixtures/formats', import.meta.url));
  const out: string[] = [];
  for (const dir of readdirSync(formats)) {
    if (dir === 'kubectl-dumps') continue;
    for (const f of readdirSync(join(formats, dir))) {
      const p = join(formats, dir, f);
      if (f === 'PROVENANCE' || f.endsWith('.golden.json') || !statSync(p).isFile()) continue;
      out.push(p);
    }
  }
  const demo = 'static/samples/hubble-otel_basic-sample-400-tcp-flows.json';
  return [...out, fileURLToPath(new URL(`../../../../${demo}`, import.meta.url))];
}
