/**
 * A precise timespan on the bookinfo demo (6 seconds of Hubble flows): the histogram has a
 * bar a second, and two seconds selected give exactly the communications of the raw capture's
 * records in those two seconds — the same answers as importing only those records.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImport } from '$lib/engine/workspace/import';
import { memoryStore } from '$lib/engine/workspace/memory';
import { createWorkspace } from '$lib/engine/workspace/workspace';
import type { ScopeQuery } from '$lib/engine/workspace/types';
import type { Communication } from '$lib/engine/model/communication';

const SAMPLES = new URL('../../../../static/samples/', import.meta.url);
const DUMP = 'bookinfo-kind_cluster-dump.json';
const CAPTURES = [
  'hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble-otel_basic-sample-400-udp-flows.json',
];
const CLUSTER = 'kind';
const text = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');

/** A workspace over the dump and the captures' lines (all, or those `keep` says). */
async function workspaceOf(keep: (line: string) => boolean = () => true) {
  const store = memoryStore();
  const files: [string, string][] = [
    [DUMP, text(DUMP)],
    ...CAPTURES.map((c): [string, string] => [c, text(c).split('\n').filter(keep).join('\n')]),
  ];
  for (const [name, body] of files) {
    const read = await readImport(store, new Blob([body]).stream(), name, { cluster: CLUSTER });
    store.addShard(CLUSTER, read.shard);
  }
  return createWorkspace(store);
}

/** The time of a Hubble jsonpb line (its flow's time), epoch ms. */
function lineTime(line: string): number {
  const doc = JSON.parse(line) as { flow?: { time?: string }; time?: string };
  return Date.parse(doc.flow?.time ?? doc.time ?? '');
}

/**
 * The rows with what a window answers: peer, port, flows, first and last seen. Verdict tallies
 * are kept per communication, not per bucket (a window shows the capture's); undetermined pairs
 * (their port range is the capture's too) are left out.
 */
function rowsOf(rows: Communication[]): Omit<Communication, 'verdicts'>[] {
  return rows.map(({ verdicts: _, ...r }) => r);
}

describe('a precise timespan', () => {
  it('a bar a second, and two seconds selected are the raw records of those two seconds', async () => {
    const ws = await workspaceOf();
    const all: ScopeQuery = { cluster: CLUSTER, entity: 'all' };
    const hist = await ws.scopeHistogram(all);
    expect(hist.bucketMs).toBe(1000);
    const span = hist.span!;
    // 10:40:56.4 to 10:41:02.2: a 6-second capture, a bar for each second it touches.
    expect(span.max - span.min).toBeGreaterThan(5000);
    expect(span.max - span.min).toBeLessThan(6000);
    expect(hist.points.length).toBeGreaterThanOrEqual(6);
    expect(hist.points.map((p) => p.t - Date.parse('2021-11-10T10:40:56Z'))).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((s) => s * 1000),
    );

    const from = Date.parse('2021-11-10T10:40:57Z');
    const to = from + 2000 - 1;
    const inside = (line: string) => {
      if (line.trim() === '') return false;
      const t = lineTime(line);
      return t >= from && t <= to;
    };
    const raw = await workspaceOf(inside);
    for (const q of [
      { ...all, namespace: 'bookinfo' },
      { cluster: CLUSTER, entity: 'Deployment' as const, namespace: 'bookinfo' },
    ]) {
      const selected = rowsOf(await ws.scopeCommunications({ ...q, from, to }, false));
      const whole = rowsOf(await ws.scopeCommunications(q, false));
      expect(selected.length).toBeGreaterThan(0);
      expect(selected.reduce((n, r) => n + r.flows, 0)).toBeLessThan(
        whole.reduce((n, r) => n + r.flows, 0),
      );
      expect(selected).toEqual(rowsOf(await raw.scopeCommunications(q, false)));
    }
    const selectedBars = await ws.scopeHistogram({ ...all, from, to });
    const rawBars = await raw.scopeHistogram(all);
    expect(selectedBars.selected).toBe(rawBars.points.reduce((n, p) => n + p.flows, 0));
  });
});
