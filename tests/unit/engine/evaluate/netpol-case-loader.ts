/**
 * Loads one netpol-analyzer case folder (every file, sorted) through the inventory
 * (parseMetadataText → buildInventory), plus two shims for what the inventory does not carry
 * and the oracle uses: pod-template container ports of workload objects, and controller owner
 * references without `kind`. Test helper only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ContainerPort,
  Inventory,
  PodInfo,
  WorkloadInfo,
} from '../../../../src/lib/engine/model/k8s';
import { parseMetadataText, type K8sObject } from '../../../../src/lib/engine/inventory/parse';
import { buildInventory } from '../../../../src/lib/engine/inventory/build';
import { isWorkloadKind } from '../../../../src/lib/engine/inventory/workloads';
import { arr, int, own, rec, str } from '../../../../src/lib/engine/inventory/fields';

function nsName(o: K8sObject): string {
  return `${str(own(rec(o.metadata), 'namespace')) ?? 'default'}/${str(own(rec(o.metadata), 'name'))}`;
}

/** Container ports of a workload object's pod template (CronJob: its job template's). */
export function templatePorts(o: K8sObject): ContainerPort[] {
  const sp = rec(o.spec);
  const holder = o.kind === 'CronJob' ? rec(own(rec(own(sp, 'jobTemplate')), 'spec')) : sp;
  const podSpec = rec(own(rec(own(holder, 'template')), 'spec'));
  return arr(own(podSpec, 'containers')).flatMap((c) =>
    arr(own(rec(c), 'ports')).flatMap((p): ContainerPort[] => {
      const port = int(own(rec(p), 'containerPort'));
      if (port === undefined) return [];
      const name = str(own(rec(p), 'name'));
      const protocol = str(own(rec(p), 'protocol')) ?? 'TCP';
      return [
        name === undefined
          ? { containerPort: port, protocol }
          : { name, containerPort: port, protocol },
      ];
    }),
  );
}

/**
 * netpol-analyzer quirk: a controller ownerReference without `kind` (invalid in the API) still
 * groups the pod under the owner's name, printed as `[Pod]`; the inventory makes it a bare pod.
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

export function loadCase(dir: string): Inventory {
  const objects = loadObjects(dir);
  const { inventory } = buildInventory(objects, 'case');
  const ports = new Map<string, ContainerPort[]>();
  const kindless = new Map<string, string>();
  for (const o of objects) {
    if (isWorkloadKind(o.kind)) ports.set(`${o.kind}/${nsName(o)}`, templatePorts(o));
    const owner = o.kind === 'Pod' ? kindlessOwner(o) : undefined;
    if (owner !== undefined) kindless.set(nsName(o), owner);
  }
  const withPorts = (w: WorkloadInfo): WorkloadInfo => {
    const p = ports.get(`${w.kind}/${w.namespace}/${w.name}`);
    return p === undefined || w.templateContainerPorts ? w : { ...w, templateContainerPorts: p };
  };
  const withOwner = (pod: PodInfo): PodInfo => {
    const name = kindless.get(`${pod.namespace}/${pod.name}`);
    const ref = { kind: 'Pod', name: name ?? '' };
    return name === undefined || pod.ownerChain.length > 0
      ? pod
      : { ...pod, owner: ref, ownerChain: [ref] };
  };
  return {
    ...inventory,
    pods: inventory.pods.map(withOwner),
    workloads: inventory.workloads.map(withPorts),
  };
}
