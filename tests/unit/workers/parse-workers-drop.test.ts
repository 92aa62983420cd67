/**
 * A drop of several flow files read by parse workers at once (src/lib/db/ingest.ts runImports):
 * real samples of different formats — a Hubble capture with bad lines (cut into parts), a
 * gzipped one and a pcap (read whole), AWS VPC, Zeek, GCP and Calico logs, a file dropped twice,
 * a file of no known format — store the very rows, aggregates and names that importing them
 * one after another stores; a cancel mid-drop stores nothing half.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';
import { lend } from './lend';
import { openDb } from '$lib/db/schema';
import { clusterAggregates } from '$lib/db/queries';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string): Buffer => readFileSync(new URL(path, ROOT));
const DUMP = 'static/samples/bookinfo-kind_cluster-dump.json';
const TCP = 'static/samples/hubble-otel_basic-sample-400-tcp-flows.json';
const UDP = 'static/samples/hubble-otel_basic-sample-400-udp-flows.json';
const F = 'tests/fixtures/formats/';

/** The TCP sample with bad lines late in it (their line numbers must count the parts before). */
function broken(): Buffer {
  const lines = read(TCP).toString('utf8').trimEnd().split('\n');
  lines.splice(250, 0, '{"flow": {"cut here');
  lines.splice(380, 0, 'not json');
  return Buffer.from(lines.join('\n') + '\n');
}

/** The drop, in the order the user gave it. */
function drop(): File[] {
  const file = (bytes: Buffer, name: string) => new File([new Uint8Array(bytes)], name);
  const gcp = read(`${F}gcp-vpc/entries-synthetic.jsonl`);
  return [
    file(broken(), 'tcp-broken.json'),
    file(gzipSync(read(UDP)), 'udp.json.gz'),
    file(read(`${F}pcap/zeek-traces_wikipedia.pcap`), 'wikipedia.pcap'),
    file(read(`${F}aws-vpc/awsdocs_vpcflow-v5-custom.log`), 'vpc-v5.log'),
    file(read(`${F}zeek/brimdata-zed_conn.log`), 'conn.log'),
    file(gcp, 'gcp.jsonl'),
    file(read(`${F}calico-ee/flows-observability-clinic.log`), 'calico.log'),
    file(gcp, 'gcp-again.jsonl'),
    file(Buffer.from('hello\nthis is no capture\n'), 'notes.txt'),
  ];
}

let n = 0;
/** A fresh database holding the dump (imported alone, first, as the page does). */
async function withDump(): Promise<string> {
  const name = `parse-drop-test-${Date.now()}-${n++}`;
  api.useDatabase(name);
  await api.importFile(new File([new Uint8Array(read(DUMP))], 'dump.json'), {
    id: 'dump',
    cluster: 'kind',
  });
  return name;
}

async function stored(name: string) {
  const db = openDb(name);
  const rows = (await db.imports.toArray())
    .map((r) => ({ ...r, startedAt: 0, finishedAt: 0 }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { rows, aggregates: await clusterAggregates(db, 'kind'), names: await db.names.toArray() };
}

const ids = drop().map((_, i) => `f${String(i).padStart(2, '0')}`);

describe('a drop read by several parse workers', () => {
  it('stores what importing its files one after another stores', async () => {
    const one = await withDump();
    for (const [i, file] of drop().entries())
      await api.importFile(file, { id: ids[i]!, cluster: 'kind' });
    const sequential = await stored(one);

    const many = await withDump();
    const calls: string[] = [];
    const progress: number[] = [];
    const rows = await api.importFiles(
      drop(),
      { ids, cluster: 'kind', parseWorkers: { ports: lend(3, calls), partBytes: 100_000 } },
      (p) => progress.push(p.bytesRead),
    );
    const parallel = await stored(many);

    // The capture was cut, every other file read whole by a parse worker.
    expect(calls.filter((c) => c.startsWith('tcp-broken.json:')).length).toBe(3);
    expect(calls.filter((c) => c.endsWith(':whole')).sort()).toEqual(
      drop()
        .slice(1)
        .map((f) => `${f.name}:whole`)
        .sort(),
    );
    expect(progress.at(-1)).toBeGreaterThan(0);

    const byId = new Map(sequential.rows.map((r) => [r.id, r]));
    const tcp = byId.get(ids[0]!)!;
    expect(tcp.diagnostics.map((d) => d.line)).toEqual([251, 381]);
    expect(byId.get(ids[7]!)!.status).toBe('duplicate');
    expect(byId.get(ids[8]!)!.status).toBe('failed');
    expect(sequential.rows.filter((r) => r.status === 'done').length).toBe(8);
    expect(rows.map((r) => r.status)).toEqual(ids.map((id) => byId.get(id)!.status));
    expect(sequential.aggregates.length).toBeGreaterThan(50);
    expect(sequential.names.length).toBeGreaterThan(0);
    expect(parallel.rows).toEqual(sequential.rows);
    expect(parallel.aggregates).toEqual(sequential.aggregates);
    expect(parallel.names).toEqual(sequential.names);
  });

  it('a cancel mid-drop leaves every file cancelled and nothing stored', async () => {
    const name = await withDump();
    const before = await stored(name);
    const rows = await api.importFiles(
      drop(),
      { ids, cluster: 'kind', parseWorkers: { ports: lend(2, []), partBytes: 100_000 } },
      () => api.cancelImport(ids[3]!),
    );
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'cancelled'));
    const after = await stored(name);
    expect(after.rows.filter((r) => r.id !== 'dump').map((r) => r.status)).toEqual(
      ids.map(() => 'cancelled'),
    );
    expect(after.aggregates).toEqual(before.aggregates);
    expect(after.names).toEqual(before.names);
  });
});
