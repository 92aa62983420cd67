/**
 * Test helpers: run a DuckDB recipe for real (@duckdb/node-api) and analyze files from disk
 * through the engine's pipeline, so a raw capture and its aggregate file can be compared.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  analyzeStreams,
  type AnalyzeInput,
  type AnalyzeResult,
} from '../../../../src/lib/engine/pipeline';
import type { CommAggregate } from '../../../../src/lib/engine/model/communication';
import { widen } from '../../../../src/lib/engine/aggregate/width';
import { FILE_BUCKET_MS } from '../../../../src/lib/engine/formats/aggregate-file/schema';
import { buildInventory } from '../../../../src/lib/engine/inventory/build';
import { indexInventory } from '../../../../src/lib/engine/inventory/index';
import { parseMetadataText } from '../../../../src/lib/engine/inventory/parse';
import { knownServerPorts, sqlScript, type SqlRequest } from '../../../../src/lib/engine/sql';

export function fileInput(path: string): AnalyzeInput {
  return {
    name: basename(path),
    open: () =>
      new ReadableStream<Uint8Array>({
        async start(c) {
          c.enqueue(new Uint8Array(await readFile(path)));
          c.close();
        },
      }),
  };
}

/**
 * A direct import's aggregates at the aggregate file's bucket width (a minute): the file's rows
 * are minutes, so a direct import answers as the file does once its finer buckets are widened.
 */
export function atFileWidth(aggregates: CommAggregate[]): CommAggregate[] {
  return aggregates.map((a) => widen(a, FILE_BUCKET_MS));
}

export async function analyzeFiles(paths: string[]): Promise<AnalyzeResult> {
  return analyzeStreams(paths.map(fileInput));
}

/** The known server ports of kubectl dumps, as `netpolish sql --metadata` embeds them. */
export async function portsOf(metadata: string[]): Promise<[string, number, string][]> {
  const objects = [];
  for (const m of metadata)
    objects.push(...parseMetadataText(await readFile(m, 'utf8'), m).objects);
  return knownServerPorts(indexInventory(buildInventory(objects, 'default').inventory));
}

/** Generates the DuckDB script for `req` and runs it. */
export async function runDuckdb(req: Omit<SqlRequest, 'engine'>): Promise<string> {
  const script = sqlScript({ ...req, engine: 'duckdb' });
  await duckdb(script);
  return script;
}

/** Runs SQL statements in a fresh in-memory DuckDB. */
export async function duckdb(sql: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await db.connect();
  try {
    await c.run(sql);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
