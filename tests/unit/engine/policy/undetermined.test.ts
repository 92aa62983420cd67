/**
 * Undetermined pairs in the namespace bundle (DESIGN.md §5 "Direction unknown"), on the demo
 * capture: left out of the policies and of the verification by default; one reading included
 * by its workload's decision enters that workload's policy (a port range here) and is replayed
 * by the verification — allowed once the other end's reading of the pair is included too. The
 * other readings stay out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStreams } from '$lib/engine/pipeline';
import { queryCommunications } from '$lib/engine/aggregate/query';
import { defaultDecisions, include } from '$lib/engine/policy/decisions';
import { namespaceBundle, verifyBundle, type BundleInput } from '$lib/engine/policy/bundle';
import type { WorkloadRef } from '$lib/engine/model/communication';

const SAMPLES = join(import.meta.dirname, '../../../../static/samples');
const FILES = [
  'bookinfo-kind_cluster-dump.json',
  'hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble-otel_basic-sample-400-udp-flows.json',
];
const DETAILS: WorkloadRef = { kind: 'Deployment', namespace: 'bookinfo', name: 'details-v1' };

async function input(): Promise<BundleInput> {
  const r = await analyzeStreams(
    FILES.map((name) => ({
      name,
      open: () => new Blob([readFileSync(join(SAMPLES, name))]).stream(),
    })),
  );
  const communications = queryCommunications({
    aggregates: r.aggregates,
    inventory: r.inventory,
    entity: 'all',
    namespace: 'bookinfo',
    undetermined: true,
  });
  return { inventory: r.inventory, namespace: 'bookinfo', communications };
}

describe('undetermined pairs in the namespace bundle', () => {
  it('stay out until a reading is included; then it is in its policy and verified', async () => {
    const base = await input();
    const pairs = base.communications.filter((c) => c.undetermined);
    const counted = base.communications.length - pairs.length;
    expect(pairs.length).toBeGreaterThan(0);

    const plain = namespaceBundle(base);
    expect(JSON.stringify(plain.policies)).not.toContain('endPort');
    const before = verifyBundle(base, plain);
    expect(before.total).toBe(counted);
    expect(before.denied).toBe(0);

    const reading = pairs.find(
      (c) => c.workload.name === 'details-v1' && c.direction === 'egress',
    )!;
    expect([reading.port, reading.endPort]).toEqual([56874, 57094]);
    const decided = { ...base, decisions: [include(reading.key)(defaultDecisions(DETAILS))] };
    const bundle = namespaceBundle(decided);
    const details = bundle.policies.find((p) => p.metadata.name === 'details-v1-deployment')!;
    expect(details.spec.egress).toContainEqual(
      expect.objectContaining({ ports: [{ port: 56874, endPort: 57094, protocol: 'TCP' }] }),
    );
    const after = verifyBundle(decided, bundle);
    // Replayed, and denied: productpage-v1's policy does not admit it until its own reading of
    // the same pair (ingress from details-v1 on that range) is included too.
    expect(after.total).toBe(counted + 1);
    expect(after.deniedKeys).toEqual([reading.key]);
    const mirror = pairs.find(
      (c) =>
        c.workload.name === 'productpage-v1' &&
        c.direction === 'ingress' &&
        c.peer.type === 'workload' &&
        c.peer.name === 'details-v1',
    )!;
    const both = {
      ...decided,
      decisions: [...decided.decisions, include(mirror.key)(defaultDecisions(mirror.workload))],
    };
    const whole = verifyBundle(both, namespaceBundle(both));
    expect(whole.total).toBe(counted + 2);
    expect(whole.denied).toBe(0);
  });
});
