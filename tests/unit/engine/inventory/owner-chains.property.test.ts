import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInventory, type K8sObject } from '../../../../src/lib/engine/inventory/index';
import { ownerChain } from '../../../../src/lib/engine/inventory/owners';
import { workloadKey } from '../../../../src/lib/engine/model/ids';
import type { OwnerRef, WorkloadInfo } from '../../../../src/lib/engine/model/k8s';

const NAMESPACES = ['shop', 'ops'];
const DEPLOYMENTS = ['web', 'api'];
const HASHES = ['5d8f7c9b6d', '77d5cd745d'];

/** A pod owned by a ReplicaSet or Job, with or without a pod-template-hash label. */
const podArb: fc.Arbitrary<PodSpec> = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  kind: fc.constantFrom('ReplicaSet', 'Job', 'DaemonSet'),
  base: fc.constantFrom(...DEPLOYMENTS),
  suffix: fc.constantFrom(...HASHES, '28900000'),
  hash: fc.option(fc.constantFrom(...HASHES), { nil: undefined }),
});

interface Known {
  kind: string;
  ns: string;
  name: string;
  owner?: string;
}

/** Workloads present in the dump: some Deployments, CronJobs and ReplicaSets. */
const knownArb: fc.Arbitrary<Known[]> = fc.subarray<Known>(
  NAMESPACES.flatMap((ns) =>
    DEPLOYMENTS.flatMap((name) => [
      { kind: 'Deployment', ns, name },
      { kind: 'CronJob', ns, name },
      { kind: 'ReplicaSet', ns, name: `${name}-${HASHES[0]}`, owner: name },
    ]),
  ),
);

interface PodSpec {
  namespace: string;
  kind: string;
  base: string;
  suffix: string;
  hash?: string | undefined;
}

function objects(pods: PodSpec[], known: Known[]): K8sObject[] {
  const out: K8sObject[] = known.map((w) => ({
    apiVersion: w.kind === 'CronJob' ? 'batch/v1' : 'apps/v1',
    kind: w.kind,
    metadata: {
      name: w.name,
      namespace: w.ns,
      ...(w.owner && {
        ownerReferences: [{ kind: 'Deployment', name: w.owner, controller: true }],
      }),
    },
  }));
  pods.forEach((p, i) =>
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `pod-${i}`,
        namespace: p.namespace,
        labels: p.hash === undefined ? {} : { 'pod-template-hash': p.hash },
        ownerReferences: [{ kind: p.kind, name: `${p.base}-${p.suffix}`, controller: true }],
      },
    }),
  );
  return out;
}

describe('buildInventory: owner chains', () => {
  it('gives every pod the chain walked for it alone (pods of one owner share a walk)', () => {
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 30 }), knownArb, (pods, known) => {
        const inv = buildInventory(objects(pods, known), 'c').inventory;
        const workloads = new Map<ReturnType<typeof workloadKey>, WorkloadInfo>();
        for (const w of inv.workloads) if (w.synthesized !== true) workloads.set(workloadKey(w), w);
        for (const p of inv.pods) {
          const direct = p.ownerChain[0] as OwnerRef;
          const alone = ownerChain(p, { ...direct }, workloads);
          expect(p.ownerChain).toEqual(alone);
          expect(p.owner).toEqual(alone.at(-1) ?? { kind: 'Pod', name: p.name });
        }
      }),
      {
        numRuns: 300,
        // One ReplicaSet name in two namespaces, its Deployment in one only: chains differ.
        examples: [
          [
            [
              { namespace: 'shop', kind: 'ReplicaSet', base: 'api', suffix: '77d5cd745d' },
              { namespace: 'ops', kind: 'ReplicaSet', base: 'api', suffix: '77d5cd745d' },
            ],
            [{ kind: 'Deployment', ns: 'ops', name: 'api' }],
          ],
        ],
      },
    );
  });
});
