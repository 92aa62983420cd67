/**
 * An import read by several parse workers (src/lib/db/ingest-parts.ts): the parse API served
 * on MessagePorts as the page lends them (comlink, structured clones), a real sample cut into
 * parts — the stored import (row, counts, accounting, diagnostics with their lines) and its
 * aggregates and names equal those of the same file read whole.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import { lend } from './lend';
import { openDb } from '$lib/db/schema';
import { clusterAggregates } from '$lib/db/queries';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const DUMP = 'bookinfo-kind_cluster-dump.json';
const TCP = 'hubble-otel_basic-sample-400-tcp-flows.json';

/** The TCP sample with bad lines in its second half (their line numbers must survive). */
function flows(): File {
  const lines = readFileSync(new URL(TCP, SAMPLES), 'utf8').trimEnd().split('\n');
  lines.splice(250, 0, '{"flow": {"cut here');
  lines.splice(380, 0, 'not json');
  return new File([lines.join('\n') + '\n'], TCP);
}

let n = 0;
/** A fresh database holding the dump, and the flows imported with `parseWorkers`. */
async function imported(parseWorkers?: { ports: MessagePort[]; partBytes: number }) {
  const name = `parse-workers-test-${Date.now()}-${n++}`;
  api.useDatabase(name);
  const dump = new File([readFileSync(new URL(DUMP, SAMPLES))], DUMP);
  await api.importFile(dump, { id: 'dump', cluster: 'kind' });
  const progress: number[] = [];
  const row = await api.importFile(
    flows(),
    { id: 'flows', cluster: 'kind', ...(parseWorkers && { parseWorkers }) },
    (p) => progress.push(p.bytesRead),
  );
  const db = openDb(name);
  const names = await db.names.toArray();
  return { row, aggregates: await clusterAggregates(db, 'kind'), names, progress };
}

describe('an import read by several parse workers', () => {
  it('stores what reading the file whole stores', async () => {
    const whole = await imported();
    expect(whole.row.diagnostics.map((d) => d.line)).toEqual([251, 381]);
    const calls: string[] = [];
    const parted = await imported({ ports: lend(3, calls), partBytes: 100_000 });
    expect(calls.length).toBe(3);
    const same = (r: typeof whole.row) => ({ ...r, startedAt: 0, finishedAt: 0 });
    expect(same(parted.row)).toEqual(same(whole.row));
    expect(parted.aggregates).toEqual(whole.aggregates);
    expect(parted.names).toEqual(whole.names);
    expect(parted.progress.at(-1)).toBeGreaterThan(0);
  });

  it('a file too small to cut is read whole, the workers left alone', async () => {
    const calls: string[] = [];
    const whole = await imported();
    const parted = await imported({ ports: lend(2, calls), partBytes: 8 * 1024 * 1024 });
    expect(calls).toEqual([]);
    expect(parted.row.communications).toBe(whole.row.communications);
  });
});
