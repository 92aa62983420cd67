/**
 * readInput's path for the aggregate file (Parquet, sniffed by its `PAR1` magic): the bytes are
 * gathered (Parquet's index sits at its end), the footer checked against the schema, then rows
 * are read in batches through hyparquet and each becomes its flow records. Never throws on bad
 * input: a corrupt file, a foreign Parquet file or a bad row is a diagnostic.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema, type FileMetaData } from 'hyparquet';
import { DIAGNOSTIC_CODES } from '../../model/diagnostic';
import type { ByteSource } from '../../io/bytes';
import type { ParseContext } from '../common';
import { report } from '../diagnostics';
import type { ReadResult } from '../types';
import { ladderWidth } from '../../aggregate/width';
import { num, rowRecords, type Row } from './rows';
import {
  AGGREGATE_VERSION,
  COLUMNS,
  FILE_BUCKET_MS,
  FILE_BUCKET_WIDTHS,
  KV,
  REQUIRED_COLUMNS,
  SCHEMA_NAME,
} from './schema';

/** Largest aggregate file read (it is held whole: Parquet is read from its footer). */
export const MAX_AGGREGATE_BYTES = 1024 * 1024 * 1024;
const BATCH_ROWS = 50_000;

async function gather(src: ByteSource, ctx: ParseContext): Promise<ArrayBuffer | null> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = await src.read();
    if (!chunk) break;
    size += chunk.length;
    if (size > MAX_AGGREGATE_BYTES) {
      const msg = `Aggregate file larger than ${MAX_AGGREGATE_BYTES / 2 ** 20} MiB: split it into part files`;
      report(ctx.sink, DIAGNOSTIC_CODES.TOO_LARGE, 'error', msg, null);
      return null;
    }
    parts.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.buffer;
}

function kv(meta: FileMetaData): Map<string, string> {
  return new Map((meta.key_value_metadata ?? []).map((e) => [e.key, e.value ?? '']));
}

/** Why the file is not an aggregate file this reader understands, or null. */
function schemaProblem(meta: FileMetaData): string | null {
  const names = new Set(parquetSchema(meta).children.map((c) => c.element.name));
  const missing = REQUIRED_COLUMNS.filter((c) => !names.has(c));
  if (missing.length > 0) {
    return `Parquet file that is not a netpolish aggregate file (missing columns: ${missing.join(', ')})`;
  }
  const m = kv(meta);
  const schema = m.get(KV.schema);
  if (schema !== undefined && schema !== SCHEMA_NAME) return `Parquet file of schema '${schema}'`;
  const version = Number(m.get(KV.version) ?? AGGREGATE_VERSION);
  if (!Number.isInteger(version) || version > AGGREGATE_VERSION) {
    return `Aggregate file version ${m.get(KV.version)} is newer than this netpolish reads (${AGGREGATE_VERSION})`;
  }
  return null;
}

/**
 * The width of the file's buckets: its `netpolish.bucket_ms`; without it (Spark, Trino and
 * BigQuery cannot write key/value metadata), the widest recipe width every row's `bucket_ms` is
 * a multiple of — a minute for a file without that column.
 */
async function widthOf(file: ArrayBuffer, meta: FileMetaData, names: Set<string>): Promise<number> {
  const said = kv(meta).get(KV.bucketMs);
  if (said !== undefined) {
    const width = Number(said);
    return Number.isFinite(width) && width > 0 ? width : FILE_BUCKET_MS;
  }
  if (!names.has('bucket_ms')) return FILE_BUCKET_MS;
  // Candidates, widest first; a row whose bucket is not a multiple of one rules it out.
  let at = FILE_BUCKET_WIDTHS.length - 1;
  const total = Number(meta.num_rows);
  for (let start = 0; start < total && at > 0; start += BATCH_ROWS) {
    const rowEnd = Math.min(total, start + BATCH_ROWS);
    const rows = await parquetReadObjects({
      file,
      metadata: meta,
      columns: ['bucket_ms'],
      rowStart: start,
      rowEnd,
    });
    for (const row of rows) {
      const t = num(row.bucket_ms);
      while (t !== null && at > 0 && t % (FILE_BUCKET_WIDTHS[at] as number) !== 0) at--;
    }
  }
  return FILE_BUCKET_WIDTHS[at] as number;
}

/**
 * The engine bucket width the file's rows fill, on the engine's ladder. A width that does not
 * divide a ladder step is warned about: its rows land in the step they start in, so a window is
 * only as precise as that step.
 */
function resolutionOf(width: number, ctx: ParseContext): number {
  const resolution = ladderWidth(width);
  if (resolution % width !== 0) {
    const msg = `The file's time buckets are ${width} ms wide, which no bucket width of netpolish holds whole (it uses ${resolution}): time windows are only as precise as its buckets`;
    report(ctx.sink, DIAGNOSTIC_CODES.BAD_RECORD, 'warning', msg, null);
  }
  return resolution;
}

function emitRows(rows: Row[], first: number, resolution: number, ctx: ParseContext): void {
  for (let i = 0; i < rows.length; i++) {
    const records = rowRecords(rows[i] as Row, resolution);
    if (typeof records === 'string') {
      report(
        ctx.sink,
        DIAGNOSTIC_CODES.BAD_RECORD,
        'warning',
        `Row skipped: ${records}`,
        first + i + 1,
      );
      continue;
    }
    for (const r of records) ctx.emit(r);
  }
}

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads an aggregate file from `src`; `result.lines` counts rows. */
export async function readAggregateInput(
  src: ByteSource,
  ctx: ParseContext,
  result: ReadResult,
  signal?: AbortSignal,
): Promise<void> {
  const file = await gather(src, ctx);
  if (!file || signal?.aborted) return;
  let meta: FileMetaData;
  try {
    meta = parquetMetadata(file);
  } catch (e) {
    const msg = `Parquet file that cannot be read (${why(e)})`;
    return report(ctx.sink, DIAGNOSTIC_CODES.UNREADABLE, 'error', msg, null);
  }
  const problem = schemaProblem(meta);
  if (problem) return report(ctx.sink, DIAGNOSTIC_CODES.UNSUPPORTED_FORMAT, 'error', problem, null);
  const total = Number(meta.num_rows);
  const names = new Set(parquetSchema(meta).children.map((c) => c.element.name));
  let width: number;
  try {
    width = await widthOf(file, meta, names);
  } catch (e) {
    const msg = `Parquet column bucket_ms cannot be read (${why(e)})`;
    return report(ctx.sink, DIAGNOSTIC_CODES.UNREADABLE, 'error', msg, null);
  }
  const resolution = resolutionOf(width, ctx);
  const columns = COLUMNS.filter((c) => names.has(c));
  for (let start = 0; start < total && !signal?.aborted; start += BATCH_ROWS) {
    const end = Math.min(total, start + BATCH_ROWS);
    let rows: Row[];
    try {
      rows = await parquetReadObjects({
        file,
        metadata: meta,
        columns,
        rowStart: start,
        rowEnd: end,
      });
    } catch (e) {
      const msg = `Parquet rows ${start + 1}–${end} cannot be read (${why(e)}); the rows before count`;
      return report(ctx.sink, DIAGNOSTIC_CODES.UNREADABLE, 'error', msg, null);
    }
    emitRows(rows, start, resolution, ctx);
    result.lines = end;
  }
}
