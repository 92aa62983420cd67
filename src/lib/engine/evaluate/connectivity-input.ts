/**
 * From an inventory to the evaluation context of a connectivity report, with netpol-analyzer's
 * modelling (SEMANTICS.md §11): every workload object in the dump (Deployment, ReplicaSet, …)
 * is also a peer, built from its pod template; pods are grouped by their direct controller.
 */
import type { Inventory, PodInfo, WorkloadInfo } from '../model/k8s';
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

/** The pods of the report: real pods plus one template pod per workload object in the dump. */
export function connectivityContext(
  inv: Pick<Inventory, 'pods' | 'workloads' | 'namespaces' | 'networkPolicies'>,
  opts: ConnectivityOptions,
): EvalContext {
  const templates = inv.workloads.filter((w) => !w.synthesized).map(templatePod);
  return {
    pods: [...inv.pods, ...templates],
    namespaces: inv.namespaces,
    policies: inv.networkPolicies,
    ipBlockMatchesPods: opts.ipBlockMatchesPods,
    hostNetwork: opts.hostNetwork ?? 'pod',
  };
}
