/**
 * What one run no longer computes twice (the CLI's fixed costs): a dump's inventory merged into
 * an empty one, the pipeline's aggregates merged again alone by the workspace, an inventory's
 * index asked for again. Each shortcut must give what the long way gives: every golden case's
 * dump and flows (tests/fixtures/analyze) and the samples are taken the short way and the long
 * way (a structured clone is not remembered, so it goes the long way), and compared.
 */
import { existsSync, openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStreams, type AnalyzeInput } from '../../../../src/lib/engine/pipeline';
import { mergeInventories } from '../../../../src/lib/engine/inventory/build';
import { indexInventory } from '../../../../src/lib/engine/inventory/index';
import { mergeSettled } from '../../../../src/lib/engine/aggregate/merge';
import { emptyInventory } from '../../../../src/lib/engine/model/k8s';
import { metadataInventory } from '../../../../src/lib/engine/workspace/import';
import { clusterDataOf } from '../../../../src/lib/engine/workspace/cluster-data';

const ROOT = join(__dirname, '../../../..');
const GOLDEN = join(ROOT, 'tests/fixtures/analyze');
const SAMPLES = join(ROOT, 'static/samples');

interface Run {
  name: string;
  metadata: string[];
  flows: string[];
}

/** Every golden run with its files' paths, and the samples' capture with their dump. */
function runs(): { name: string; metadata: string[]; flows: string[] }[] {
  const out = readdirSync(GOLDEN, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(GOLDEN, d.name, 'case.json')))
    .flatMap((d) => {
      const dir = join(GOLDEN, d.name);
      const file = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { runs: Run[] };
      return file.runs.map((r) => ({
        name: `${d.name}: ${r.name}`,
        metadata: r.metadata.map((f) => join(dir, f)),
        flows: r.flows.map((f) => join(dir, f)),
      }));
    });
  out.push({
    name: 'samples',
    metadata: [join(SAMPLES, 'bookinfo-kind_cluster-dump.json')],
    flows: ['tcp', 'udp'].map((p) => join(SAMPLES, `hubble-otel_basic-sample-400-${p}-flows.json`)),
  });
  return out;
}

async function inputOf(path: string): Promise<AnalyzeInput> {
  const blob = await openAsBlob(path);
  return { name: path, open: () => blob.stream() as ReadableStream<Uint8Array> };
}

const all = runs();

describe('computed once per run, as the long way computes it', () => {
  it('finds the golden runs and the dumps among them', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((r) => r.metadata.length > 0).length).toBeGreaterThan(5);
  });

  for (const run of all) {
    it(`${run.name}: inventory, aggregates and index`, async () => {
      const r = await analyzeStreams(
        await Promise.all([...run.metadata, ...run.flows].map(inputOf)),
      );
      const inv = r.inventory;
      // One dump merged into an empty inventory: the dump's inventory itself, equal to a rebuild.
      const alone = mergeInventories(emptyInventory(inv.cluster), inv);
      expect(alone).toBe(inv);
      expect(mergeInventories(emptyInventory(inv.cluster), structuredClone(inv))).toEqual(inv);
      // The pipeline's aggregates merged again alone: themselves, equal to merging them anew.
      expect(mergeSettled(r.aggregates)).toBe(r.aggregates);
      expect(mergeSettled(structuredClone(r.aggregates))).toEqual(r.aggregates);
      // The workspace's data over the run's one shard is the run's, nothing rebuilt.
      const data = clusterDataOf(inv.cluster, 's', [
        { inventory: inv, aggregates: r.aggregates, names: r.names },
      ]);
      expect(data.inventory).toBe(inv);
      expect(data.aggregates).toBe(r.aggregates);
      // The index asked for again is the same, and equal to one built for a copy.
      expect(indexInventory(inv)).toBe(indexInventory(inv));
      const { memo: _m, inventory: _i, ...fresh } = indexInventory(structuredClone(inv));
      const { memo: _n, inventory: _j, ...again } = indexInventory(inv);
      expect(again).toEqual(fresh);
    });
  }

  it('an inventory changed after it was indexed is indexed again', () => {
    const { inventory } = metadataInventory(
      [{ text: readFileSync(join(SAMPLES, 'bookinfo-kind_cluster-dump.json'), 'utf8'), name: 'd' }],
      'default',
    );
    const before = indexInventory(inventory);
    const pod = { ...inventory.pods[0]!, name: 'added', ips: ['10.244.99.99'] };
    inventory.pods.push(pod);
    const after = indexInventory(inventory);
    expect(after).not.toBe(before);
    expect(after.podsByIp.get('10.244.99.99')).toEqual([pod]);
    inventory.pods = inventory.pods.slice(0, -1);
    expect(indexInventory(inventory).podsByIp.has('10.244.99.99')).toBe(false);
  });

  it('a list of aggregates merged with another, or an inventory with a non-empty one, is merged', async () => {
    const run = all.find((r) => r.name === 'samples')!;
    const [tcp, udp] = await Promise.all(
      run.flows.map(async (f) => (await analyzeStreams([await inputOf(f)])).aggregates),
    );
    expect(mergeSettled(tcp!, udp!)).toEqual(mergeSettled(structuredClone(tcp!), udp!));
    const { inventory } = metadataInventory(
      [{ text: readFileSync(run.metadata[0]!, 'utf8'), name: 'd' }],
      'default',
    );
    const twice = mergeInventories(inventory, inventory);
    expect(twice).not.toBe(inventory);
    expect(twice).toEqual(inventory);
  });
});
