/**
 * Loads one netpol-analyzer case folder (every file, sorted) into an inventory-shaped input
 * for the connectivity report. Test helper only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerPort, Inventory } from '../../../../src/lib/engine/model/k8s';
import { parseMetadataText, type K8sObject } from '../../../../src/lib/engine/inventory/parse';
import { readPod } from '../../../../src/lib/engine/inventory/pods';
import { isWorkloadKind, readWorkload } from '../../../../src/lib/engine/inventory/workloads';
import { readNamespace } from '../../../../src/lib/engine/inventory/cluster-objects';
import { readNetworkPolicy } from '../../../../src/lib/engine/inventory/network-policies';
import { arr, int, own, rec, str } from '../../../../src/lib/engine/inventory/fields';

export type CaseInput = Pick<Inventory, 'pods' | 'workloads' | 'namespaces' | 'networkPolicies'>;

function templatePorts(o: K8sObject): ContainerPort[] {
  const sp = rec(o.spec);
  const holder = o.kind === 'CronJob' ? rec(own(rec(own(sp, 'jobTemplate')), 'spec')) : sp;
  const podSpec = rec(own(rec(own(holder, 'template')), 'spec'));
  return arr(own(podSpec, 'containers')).flatMap((c) =>
    arr(own(rec(c), 'ports')).flatMap((p): ContainerPort[] => {
      const port = int(own(rec(p), 'containerPort'));
      if (port === undefined) return [];
      const name = str(own(rec(p), 'name'));
      const cp: ContainerPort = {
        containerPort: port,
        protocol: str(own(rec(p), 'protocol')) ?? 'TCP',
      };
      return [name === undefined ? cp : { ...cp, name }];
    }),
  );
}

/**
 * netpol-analyzer quirk: a controller ownerReference without `kind` still groups the pod under
 * the owner's name, printed as `[Pod]` (the inventory treats such a pod as bare).
 */
function kindlessOwner(o: K8sObject): string | undefined {
  const refs = arr(own(rec(o.metadata), 'ownerReferences')).map(rec);
  const ref = refs.find((r) => own(r, 'controller') === true);
  return ref && str(own(ref, 'kind')) === undefined ? str(own(ref, 'name')) : undefined;
}

export function loadObjects(dir: string): K8sObject[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => parseMetadataText(readFileSync(join(dir, f), 'utf8'), f).objects);
}

export function loadCase(dir: string): CaseInput {
  const input: CaseInput = { pods: [], workloads: [], namespaces: [], networkPolicies: [] };
  for (const o of loadObjects(dir)) {
    const r = o as Record<string, unknown>;
    if (o.kind === 'Pod') {
      const pod = readPod(r);
      const owner = kindlessOwner(o);
      if (pod && owner)
        input.pods.push({
          ...pod,
          owner: { kind: 'Pod', name: owner },
          ownerChain: [{ kind: 'Pod', name: owner }],
        });
      else if (pod) input.pods.push(pod);
    } else if (isWorkloadKind(o.kind)) {
      const w = readWorkload(r, o.kind);
      if (w) input.workloads.push({ ...w, templateContainerPorts: templatePorts(o) });
    } else if (o.kind === 'Namespace') {
      const ns = readNamespace(r);
      if (ns) input.namespaces.push(ns);
    } else if (o.kind === 'NetworkPolicy') {
      const { policy } = readNetworkPolicy(r);
      if (policy) input.networkPolicies.push(policy);
    }
  }
  return input;
}
