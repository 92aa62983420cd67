/**
 * Every event accounted for and one import per file, through the worker API in Node (real
 * IndexedDB code on fake-indexeddb) on the bundled demo capture: the parts of each import's
 * accounting add up to the lines of the file, the histogram adds up to the counted flows, and
 * a file imported again is held for Skip or Replace without counting anything twice.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../../../workers/engine-api';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const DUMP = 'bookinfo-kind_cluster-dump.json';
const TCP = 'hubble-otel_basic-sample-400-tcp-flows.json';
const UDP = 'hubble-otel_basic-sample-400-udp-flows.json';
const file = (name: string, bytes?: Uint8Array) =>
  new File([new Uint8Array(bytes ?? readFileSync(new URL(name, SAMPLES)))], name);
const lines = (name: string) =>
  readFileSync(new URL(name, SAMPLES), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;

let n = 0;
async function demo() {
  api.useDatabase(`accounting-${Date.now()}-${n++}`);
  const rows = [];
  for (const [i, name] of [DUMP, TCP, UDP].entries()) {
    rows.push(await api.importFile(file(name), { id: `i${i}`, cluster: 'kind' }));
  }
  return rows;
}

async function histogramTotal(): Promise<number> {
  const h = await api.scopeHistogram({ cluster: 'kind', entity: 'all' });
  return h.points.reduce((s, p) => s + p.flows, 0);
}

describe('accounting', () => {
  it('each event of the demo capture is counted, a reply, undetermined or unreadable', async () => {
    const [, tcp, udp] = await demo();
    for (const [row, name] of [
      [tcp!, TCP],
      [udp!, UDP],
    ] as const) {
      const a = row.accounting!;
      expect(a.counted + a.bothEnds + a.replies + a.undetermined).toBe(a.events);
      // One Hubble event a line: the parts add up to the file's lines.
      expect(a.events + a.unreadable).toBe(lines(name));
      expect(a.counted).toBeGreaterThan(0);
    }
    // The TCP capture has ACK-only events without is_reply: undetermined, never dropped silently.
    expect(tcp!.accounting!.undetermined).toBe(45);
    expect(udp!.accounting!.undetermined).toBe(0);
    // The histogram counts what the imports counted (every demo flow has a time).
    expect(await histogramTotal()).toBe(tcp!.accounting!.counted + udp!.accounting!.counted);
  });
});

describe('one import per file', () => {
  it('holds a file imported again for Skip or Replace; neither counts it twice', async () => {
    await demo();
    const before = await histogramTotal();
    const again = await api.importFile(file(TCP), { id: 'again', cluster: 'kind' });
    expect(again).toMatchObject({ status: 'duplicate', duplicateOf: 'i1' });
    expect(await histogramTotal()).toBe(before);
    expect(await api.resolveDuplicate('again', 'skip')).toBeNull();
    expect((await api.listImports()).map((r) => r.id).sort()).toEqual(['i0', 'i1', 'i2']);
    expect(await histogramTotal()).toBe(before);

    await api.importFile(file(TCP), { id: 'twice', cluster: 'kind' });
    const replaced = await api.resolveDuplicate('twice', 'replace');
    expect(replaced).toMatchObject({ id: 'twice', status: 'done' });
    expect((await api.listImports()).map((r) => r.id).sort()).toEqual(['i0', 'i2', 'twice']);
    expect(await histogramTotal()).toBe(before);
  });

  it('skips silently when asked to (Load demo data), and a renamed copy is the same file', async () => {
    await demo();
    const skipped = await api.importFile(file(UDP, readFileSync(new URL(UDP, SAMPLES))), {
      id: 'copy',
      cluster: 'kind',
      duplicates: 'skip',
    });
    expect(skipped.status).toBe('duplicate');
    expect((await api.listImports()).map((r) => r.id).sort()).toEqual(['i0', 'i1', 'i2']);
    // Another cluster may hold the same file.
    const other = await api.importFile(file(UDP), { id: 'other', cluster: 'prod' });
    expect(other.status).toBe('done');
  });
});
