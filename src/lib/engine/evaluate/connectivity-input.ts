/**
 * From an inventory to the evaluation context of a connectivity report, with netpol-analyzer's
 * modelling (SEMANTICS.md §11): every top-level workload object in the dump (Deployment,
 * StatefulSet, CronJob, …) is also a peer, built from its pod template. Pods are grouped by
 * their top owner among the objects of the dump (DESIGN.md §5 "connectivity": each workload
 * once), so a Deployment's pods and its template are one peer, never also its ReplicaSet.
 * Without the owners' objects (a pods-only input, as in netpol-analyzer's own cases) pods
 * group by their direct controller, as netpol-analyzer does.
 */
import type { Inventory, OwnerRef, PodInfo, WorkloadInfo } from '../model/k8s';
import { workloadKey } from '../model/ids';
import type { EvalContext, HostNetworkMode } from './context';

export interface ConnectivityOptions {
  ipBlockMatchesPods: boolean;
  /** Default `pod`: netpol-analyzer treats hostNetwork pods like any pod. */
  hostNetwork?: HostNetworkMode;
}

/** A workload object's pod template as one pod (no IPs), owned by the workload itself. */
export function templatePod(w: WorkloadInfo): PodInfo {
  const owner = { kind: w.kind, name: w.name };
  return {
    namespace: w.namespace,
    name: w.name,
    ips: [],
    hostNetwork: false,
    labels: w.templateLabels ?? {},
    owner,
    ownerChain: [owner],
    containerPorts: w.templateContainerPorts ?? [],
  };
}

/**
 * The pod with its owner chain starting at the highest owner whose object is in the dump
 * (`peerOwner` reads the chain's first entry); unchanged when no owner object is there.
 */
function rootedAtDumpOwner(pod: PodInfo, inDump: Set<string>): PodInfo {
  let top = -1;
  pod.ownerChain.forEach((o: OwnerRef, i) => {
    if (inDump.has(workloadKey(o.kind, pod.namespace, o.name))) top = i;
  });
  return top <= 0 ? pod : { ...pod, ownerChain: pod.ownerChain.slice(top) };
}

/**
 * The pods of the report: real pods (grouped under their top owner in the dump) plus one
 * template pod per top-level workload object (one whose owner is not in the dump too).
 */
export function connectivityContext(
  inv: Pick<Inventory, 'pods' | 'workloads' | 'namespaces' | 'networkPolicies' | 'adminPolicies'>,
  opts: ConnectivityOptions,
): EvalContext {
  const objects = inv.workloads.filter((w) => !w.synthesized);
  const inDump = new Set<string>(objects.map((w) => workloadKey(w)));
  const topLevel = objects.filter(
    (w) => !w.owner || !inDump.has(workloadKey(w.owner.kind, w.namespace, w.owner.name)),
  );
  return {
    pods: [...inv.pods.map((p) => rootedAtDumpOwner(p, inDump)), ...topLevel.map(templatePod)],
    namespaces: inv.namespaces,
    policies: inv.networkPolicies,
    adminPolicies: inv.adminPolicies ?? [],
    ipBlockMatchesPods: opts.ipBlockMatchesPods,
    hostNetwork: opts.hostNetwork ?? 'pod',
  };
}
