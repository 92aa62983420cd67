/**
 * Identity-only endpoints (DESIGN.md §5): the demo capture's proxied traffic from 10.244.0.148
 * carries Cilium's identity of the sender (namespace label + pod labels, no pod name); it
 * resolves to the one workload whose pods carry those labels, else stays an IP that keeps the
 * identity and says why. The app (engine API on IndexedDB) and the CLI answer the same, also
 * when the flows arrive before their dump.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStreams } from '$lib/engine/pipeline';
import { indexInventory } from '$lib/engine/inventory';
import { matchIdentity } from '$lib/engine/inventory/identity';
import { countedAggregates } from '$lib/engine/aggregate/undetermined';
import { api } from '../../../../workers/engine-api';
import { toJson } from '../../../../src/cli/analyze';
import { runCli } from '../../cli/run-cli';

const SAMPLES = join(import.meta.dirname, '../../../../static/samples');
const DUMP = 'bookinfo-kind_cluster-dump.json';
const TCP = 'hubble-otel_basic-sample-400-tcp-flows.json';
const UDP = 'hubble-otel_basic-sample-400-udp-flows.json';
const path = (name: string) => join(SAMPLES, name);

async function demo() {
  return analyzeStreams(
    [DUMP, TCP, UDP].map((name) => ({
      name,
      open: () => new Blob([readFileSync(path(name))]).stream(),
    })),
  );
}

let n = 0;

/** The app: the files imported in this order into a fresh database, the namespace's rows. */
async function app(files: string[]): Promise<Doc> {
  api.useDatabase(`identity-${Date.now()}-${n++}`);
  for (const [i, name] of files.entries()) {
    const file = new File([new Uint8Array(readFileSync(path(name)))], name);
    const row = await api.importFile(file, { id: `f${i}`, cluster: 'kind' });
    expect(row.status).toBe('done');
  }
  const review = await api.namespaceReview({
    cluster: 'kind',
    entity: 'Deployment',
    namespace: 'bookinfo',
    explain: true,
  });
  const counted = review.rows.filter((c) => !c.undetermined);
  const pairs = review.rows.filter((c) => c.undetermined);
  return rowsOf(toJson(counted, [], pairs));
}

/** The communications and the undetermined rows of an `analyze --json` document. */
function rowsOf(doc: unknown): Doc {
  const { communications, undetermined } = doc as Doc;
  return { communications, undetermined };
}

type Doc = { communications: Row[]; undetermined: Row[] };

/** The CLI: `analyze --json --namespace bookinfo` on the same files. */
async function cli(metadata: string[], flows: string[]): Promise<Doc> {
  const args = ['analyze', '--json', '--namespace', 'bookinfo'];
  if (metadata.length > 0) args.push('--metadata', ...metadata.map(path));
  args.push('--flows', ...flows.map(path));
  const r = await runCli(...args);
  expect(r.code).toBe(0);
  return rowsOf(JSON.parse(r.out));
}

type Row = { direction: string; workload: { name: string }; peer: Record<string, unknown> };

describe('identity-only endpoints', () => {
  it('the demo: 10.244.0.148 with productpage/ratings identities resolves to those workloads', async () => {
    const r = await demo();
    const ends = countedAggregates(r.aggregates).flatMap((a) => [a.client, a.server]);
    expect(ends.filter((e) => e.type === 'ip')).toEqual([]);
    const ratingsToProductpage = r.aggregates.find(
      (a) =>
        a.client.type === 'workload' &&
        a.client.name === 'ratings-v1' &&
        a.server.type === 'workload' &&
        a.server.name === 'productpage-v1',
    );
    // The proxied events are seen at the server (INGRESS) and now count with the direct ones.
    expect(ratingsToProductpage?.buckets.some((b) => (b.atServer ?? 0) > 0)).toBe(true);
  });

  it('a unique label match is the workload; several or none leave the IP with the candidates', async () => {
    const idx = indexInventory((await demo()).inventory);
    expect(matchIdentity(idx, 'bookinfo', { app: 'productpage', version: 'v1' })).toEqual({
      workload: { kind: 'Deployment', namespace: 'bookinfo', name: 'productpage-v1' },
    });
    expect(matchIdentity(idx, 'bookinfo', { app: 'reviews' })).toMatchObject({
      identity: { namespace: 'bookinfo', labels: { app: 'reviews' } },
      reason:
        'identity {app=reviews} in namespace bookinfo: matches Deployment reviews-v1, Deployment reviews-v2, Deployment reviews-v3',
    });
    expect(matchIdentity(idx, 'bookinfo', { app: 'nope' })).toMatchObject({
      reason: 'identity {app=nope} in namespace bookinfo: no pod of the dump carries these labels',
    });
  });

  it('the app and the CLI resolve the demo alike: no IP peer left, ratings-v1 → productpage-v1', async () => {
    const doc = await app([DUMP, TCP, UDP]);
    expect(doc).toEqual(await cli([DUMP], [TCP, UDP]));
    const viaApp = doc.communications;
    expect(viaApp.filter((c) => c.peer.type === 'ip')).toEqual([]);
    // The proxied ACK-only events to details-v1 are productpage-v1's too: an undetermined pair.
    expect(doc.undetermined).toContainEqual(
      expect.objectContaining({
        direction: 'egress',
        workload: { kind: 'Deployment', namespace: 'bookinfo', name: 'productpage-v1' },
        peer: { type: 'workload', kind: 'Deployment', namespace: 'bookinfo', name: 'details-v1' },
        port: 9080,
        flows: 27,
      }),
    );
    expect(viaApp).toContainEqual(
      expect.objectContaining({
        direction: 'ingress',
        workload: { kind: 'Deployment', namespace: 'bookinfo', name: 'productpage-v1' },
        peer: { type: 'workload', kind: 'Deployment', namespace: 'bookinfo', name: 'ratings-v1' },
        port: 9080,
        flows: 55,
      }),
    );
  });

  it('without a dump the IP stays, one row per identity, each saying why (app and CLI alike)', async () => {
    const doc = await app([TCP]);
    expect(doc).toEqual(await cli([], [TCP]));
    const probe = doc.communications.filter(
      (c) => c.peer.type === 'ip' && c.peer.ip === '10.244.0.148',
    );
    expect(probe.map((c) => [c.workload.name, c.peer.reason])).toEqual([
      [
        'productpage-v1',
        'identity {app=ratings,sidecar.opentelemetry.io/injected=bookinfo.otelcol-bookinfo,version=v1} in namespace bookinfo: no pod of the dump carries these labels',
      ],
      [
        'reviews-v1',
        'identity {app=productpage,sidecar.opentelemetry.io/injected=bookinfo.otelcol-bookinfo,version=v1} in namespace bookinfo: no pod of the dump carries these labels',
      ],
      [
        'reviews-v2',
        'identity {app=productpage,sidecar.opentelemetry.io/injected=bookinfo.otelcol-bookinfo,version=v1} in namespace bookinfo: no pod of the dump carries these labels',
      ],
      [
        'reviews-v3',
        'identity {app=productpage,sidecar.opentelemetry.io/injected=bookinfo.otelcol-bookinfo,version=v1} in namespace bookinfo: no pod of the dump carries these labels',
      ],
    ]);
  });

  it('flows imported before their dump resolve by identity once it arrives, as the CLI does', async () => {
    expect(await app([TCP, UDP, DUMP])).toEqual(await cli([DUMP], [TCP, UDP]));
  });
});
