/**
 * The content tables read back (engine restore/contents.ts, restore/shards.ts): what an import
 * wrote comes back exactly as it was written — the bookinfo demo's dump and captures, the
 * wikipedia capture's names of IPs, a dump's admin policies — and a damaged row, or a damaged
 * entry inside one, is left out with an NP-STORED-ROW problem named after the import's file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '$lib/engine/inventory/build';
import { indexInventory } from '$lib/engine/inventory/index';
import { parseMetadataText } from '$lib/engine/inventory/parse';
import { emptyInventory } from '$lib/engine/model/k8s';
import {
  restoreAggregateRecords,
  restoreInventoryRecord,
  restoreNameRecord,
} from '$lib/engine/restore/contents';
import { restoreShards } from '$lib/engine/restore/shards';
import { readShard } from '$lib/engine/workspace/import';
import type { StoredShard } from '$lib/engine/workspace/store';
import { fixtureBytes } from '../formats/fixtures';
import { problem } from './problem';

const SAMPLES = new URL('../../../../static/samples/', import.meta.url);
const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const CLUSTER = 'kind';

async function shardOf(bytes: Uint8Array, name: string): Promise<StoredShard> {
  const index = indexInventory(emptyInventory(CLUSTER));
  return (
    await readShard(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), name, {
      cluster: CLUSTER,
      index,
    })
  ).shard;
}

/** The rows a storage holds for these imports (as the app's IndexedDB binding writes them). */
function rowsOf(shards: StoredShard[]) {
  const id = (i: number) => `import-${i}`;
  return {
    imports: shards.map((_, i) => ({ id: id(i), name: `file-${i}` })),
    raw: {
      inventories: shards.flatMap((s, i) =>
        s.inventory ? [{ importId: id(i), cluster: CLUSTER, inventory: s.inventory }] : [],
      ),
      aggregates: shards.flatMap((s, i) =>
        s.aggregates.map((a, n) => ({ ...a, id: i * 10_000 + n, importId: id(i) })),
      ),
      names: shards.flatMap((s, i) =>
        s.names.length > 0 ? [{ importId: id(i), cluster: CLUSTER, names: s.names }] : [],
      ),
    },
  };
}

const clone = <T>(v: T): T => structuredClone(v);

describe('what an import wrote comes back as it was written', () => {
  it('the bookinfo demo and the wikipedia capture: inventory, aggregates, names', async () => {
    const shards = [
      await shardOf(sample('bookinfo-kind_cluster-dump.json'), 'dump.json'),
      await shardOf(sample('hubble-otel_basic-sample-400-tcp-flows.json'), 'tcp.json'),
      await shardOf(sample('hubble-otel_basic-sample-400-udp-flows.json'), 'udp.json'),
      await shardOf(fixtureBytes('pcap/zeek-traces_wikipedia.pcap'), 'wikipedia.pcap'),
    ];
    expect(shards[0]!.inventory!.pods.length).toBeGreaterThan(5);
    expect(shards[1]!.aggregates.length).toBeGreaterThan(5);
    expect(shards[3]!.names.length).toBeGreaterThan(0);
    const { imports, raw } = rowsOf(shards);
    // Stored data is a structured clone: prototype-free maps come back as plain objects.
    expect(restoreShards(imports, clone(raw))).toEqual(shards);
  });

  it("a dump's admin policies, a malformed rule among them, come back without a new problem", () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-b}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
  - name: from-b
    action: Deny
    from: [{namespaces: {matchExpressions: [{key: team, operator: In, values: [b]}]}}]
  - name: bad
    action: Allow
    from: [{namespaces: {matchLabels: {team: [1]}}}]
  egress: []
`;
    const built = buildInventory(parseMetadataText(text, 'anp.yaml').objects, CLUSTER);
    expect(built.inventory.adminPolicies).toHaveLength(1);
    const r = restoreInventoryRecord(
      clone({ importId: 'i', cluster: CLUSTER, inventory: built.inventory }),
      'anp.yaml',
    );
    expect(r.value?.inventory).toEqual(built.inventory);
    expect(r.problems).toEqual([]);
  });
});

describe('damaged rows are left out and said, never thrown', () => {
  it('an inventory row: unusable, or entries inside it', () => {
    for (const bad of [null, 7, { importId: 'i', cluster: CLUSTER, inventory: 'x' }, {}])
      expect(restoreInventoryRecord(bad, 'dump.json')).toEqual({
        value: null,
        problems: [problem('dump.json', '1 stored inventory could not be read and was left out')],
        dropped: 0,
      });
    const r = restoreInventoryRecord(
      { importId: 'i', cluster: CLUSTER, inventory: { cluster: CLUSTER, pods: [7, { x: 1 }] } },
      'dump.json',
    );
    expect(r.value?.inventory.pods).toEqual([]);
    expect(r.dropped).toBe(2);
    expect(r.problems).toEqual([
      problem('dump.json', '2 malformed inventory entries could not be read and were left out'),
    ]);
  });

  it('aggregate rows: each unusable one counted', async () => {
    const [a] = (await shardOf(sample('hubble-otel_basic-sample-400-tcp-flows.json'), 't'))
      .aggregates;
    const good = { ...a!, importId: 'i' };
    const r = restoreAggregateRecords(
      [good, null, { ...good, port: 70_000 }, { ...good, importId: 3 }, { ...good, buckets: 'x' }],
      'tcp.json',
    );
    expect(r.value).toEqual([good]);
    expect(r.problems).toEqual([
      problem('tcp.json', '4 stored communications could not be read and were left out'),
    ]);
  });

  it("a names row: bad entries and another cluster's names left out", () => {
    const name = { cluster: CLUSTER, ip: '10.0.0.7', name: 'db.example.com', spans: [[1, 2]] };
    const r = restoreNameRecord(
      {
        importId: 'i',
        cluster: CLUSTER,
        names: [name, { ...name, ip: 'nope' }, 42, { ...name, cluster: 'other' }],
      },
      'dns.log',
    );
    expect(r.value).toEqual({ importId: 'i', cluster: CLUSTER, names: [name] });
    expect(r.problems).toEqual([
      problem('dns.log', '3 stored names of IPs could not be read and were left out'),
    ]);
    expect(restoreNameRecord({ cluster: CLUSTER }, 'dns.log').value).toBeNull();
  });

  it('shards: rows grouped by import, rows of other imports ignored, problems per import', async () => {
    const flows = await shardOf(sample('hubble-otel_basic-sample-400-tcp-flows.json'), 't');
    const dump = await shardOf(sample('bookinfo-kind_cluster-dump.json'), 'd');
    const { raw } = rowsOf([dump, flows]);
    const imports = [
      { id: 'import-0', name: 'dump.json' },
      { id: 'import-1', name: 'tcp.json' },
    ];
    const damaged = {
      inventories: raw.inventories,
      aggregates: [...raw.aggregates, { importId: 'import-1', cluster: CLUSTER, key: 'x' }, {}],
      names: [{ importId: 'import-1', cluster: CLUSTER, names: [{ ip: 1 }] }],
    };
    const [d, f] = restoreShards(imports, clone(damaged));
    expect(d).toEqual(dump);
    expect(f!.aggregates).toEqual(flows.aggregates);
    expect(f!.problems).toEqual([
      problem('tcp.json', '1 stored name of an IP could not be read and was left out'),
      problem('tcp.json', '1 stored communication could not be read and was left out'),
    ]);
  });
});
