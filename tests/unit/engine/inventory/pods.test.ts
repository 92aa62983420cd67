/**
 * Pods' container ports and owners: init containers are not the pod's ports (sidecars are),
 * only the `controller: true` ownerReference owns a pod, and a controller reference without
 * `kind` (real netpol-analyzer case pods, tests/fixtures/netpol-cases, see its SOURCES.md)
 * groups its pods under the owner's name as a Pod, with a warning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInventory, parseMetadataText } from '../../../../src/lib/engine/inventory/index';
import type { Inventory, PodInfo } from '../../../../src/lib/engine/model/k8s';

const GAP = join(
  import.meta.dirname,
  '../../../fixtures/netpol-cases/tests/example_pods_w_same_owner_and_labels_gap_with_good_match_expression/pods.yaml',
);

function build(text: string, file = 'synthetic.yaml') {
  return buildInventory(parseMetadataText(text, file).objects, 'test');
}

function pod(inv: Inventory, name: string): PodInfo | undefined {
  return inv.pods.find((p) => p.name === name);
}

/** A synthetic pod with the given ownerReferences (flow-style YAML). */
const ownedPod = (refs: string) => `
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, ownerReferences: ${refs}}
`;

describe('readPod: container ports', () => {
  it('reads spec.containers and sidecars, not plain init containers (synthetic pod)', () => {
    const { inventory } = build(`
apiVersion: v1
kind: Pod
metadata: {name: api-1, namespace: shop}
spec:
  initContainers:
  - {name: migrate, ports: [{name: migrate, containerPort: 9999}]}
  - {name: mesh, restartPolicy: Always, ports: [{name: mesh-admin, containerPort: 15000}]}
  containers:
  - {name: api, ports: [{name: http, containerPort: 8080}]}
`);
    expect(pod(inventory, 'api-1')?.containerPorts).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'mesh-admin', containerPort: 15000, protocol: 'TCP' },
    ]);
  });
});

describe('readPod: owners', () => {
  it('takes the controller reference, not the first one', () => {
    const { inventory } = build(
      ownedPod(
        '[{kind: ConfigMap, name: cfg}, {kind: ReplicaSet, name: web-5d8f, controller: true}]',
      ),
    );
    expect(pod(inventory, 'web-1')?.ownerChain).toEqual([{ kind: 'ReplicaSet', name: 'web-5d8f' }]);
  });

  it('keeps a pod whose references are none of them controller as a bare pod', () => {
    const { inventory, diagnostics } = build(
      ownedPod(
        '[{kind: ReplicaSet, name: web-5d8f}, {kind: Deployment, name: web, controller: false}]',
      ),
    );
    const p = pod(inventory, 'web-1');
    expect(p?.owner).toEqual({ kind: 'Pod', name: 'web-1' });
    expect(p?.ownerChain).toEqual([]);
    expect(inventory.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Pod/web-1']);
    expect(diagnostics).toEqual([]);
  });

  it('groups pods whose controller has no kind under its name, as a Pod (real case)', () => {
    const { inventory, diagnostics } = build(readFileSync(GAP, 'utf8'), 'pods.yaml');
    const group = { kind: 'Pod', name: 'internal-security' };
    for (const name of ['pod-1', 'pod-2']) {
      expect(pod(inventory, name)?.owner).toEqual(group);
      expect(pod(inventory, name)?.ownerChain).toEqual([group]);
    }
    expect(pod(inventory, 'pod-3')?.ownerChain).toEqual([]);
    // The group's template labels are those pod-1 and pod-2 share.
    expect(inventory.workloads).toEqual([
      {
        kind: 'Pod',
        namespace: 'default',
        name: 'internal-security',
        templateLabels: { security: 'internal' },
        synthesized: true,
      },
      {
        kind: 'Pod',
        namespace: 'default',
        name: 'pod-3',
        templateLabels: { app: 'pod3' },
        synthesized: true,
      },
    ]);
    const message = (p: string) =>
      `Pod ${p}: controller ownerReference 'internal-security' has no kind; the pod is grouped under 'internal-security' as a Pod`;
    expect(diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.message])).toEqual([
      ['NP-META-OBJECT', 'warning', 'pods.yaml', 7, message('pod-1')],
      ['NP-META-OBJECT', 'warning', 'pods.yaml', 24, message('pod-2')],
    ]);
  });

  it('ignores a kind-less controller reference on a workload object, with a warning', () => {
    const { inventory, diagnostics } = build(`
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-5d8f, namespace: shop, ownerReferences: [{name: web, controller: true}]}
spec: {selector: {matchLabels: {app: web}}}
`);
    expect(inventory.workloads[0]).not.toHaveProperty('owner');
    expect(diagnostics.map((d) => d.message)).toEqual([
      "ReplicaSet web-5d8f: controller ownerReference 'web' has no kind; ignored",
    ]);
  });
});
