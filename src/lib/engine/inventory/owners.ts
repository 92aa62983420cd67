/**
 * Owner chains and the objects known only through pods: each pod's chain from its direct
 * controller up to the top owner (ReplicaSet → Deployment, Job → CronJob, DaemonSet,
 * StatefulSet, bare Pod), with name-based fallbacks when the intermediate objects are missing,
 * and the workloads, nodes and namespaces synthesised from what the pods reveal.
 */
import type { NodeInfo, OwnerRef, PodInfo, WorkloadInfo } from '../model/k8s';
import { commonStableLabels } from '../model/labels';
import { workloadKey, type WorkloadKey } from '../model/ids';

export type WorkloadMap = Map<WorkloadKey, WorkloadInfo>;

/** Chains longer than this are cut (ownerReference loops in hand-edited dumps). */
const MAX_CHAIN = 8;

const CRONJOB_JOB = /^(.+)-(\d+)$/;

/**
 * The owner of `ref` when its object is missing from the dump, from the naming conventions:
 * NOTE: the Deployment controller names a ReplicaSet `<deployment>-<pod-template-hash>` and
 * labels its pods with that hash; the CronJob controller names a Job `<cronjob>-<minutes>`.
 */
function ownerByName(ref: OwnerRef, pod: PodInfo, known: WorkloadMap): OwnerRef | undefined {
  if (ref.kind === 'ReplicaSet') {
    const hash = pod.labels['pod-template-hash'];
    if (hash !== undefined && ref.name.endsWith(`-${hash}`)) {
      return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1) };
    }
    const cut = ref.name.lastIndexOf('-');
    const prefix = ref.name.slice(0, cut);
    if (cut > 0 && known.has(workloadKey('Deployment', pod.namespace, prefix))) {
      return { kind: 'Deployment', name: prefix };
    }
  }
  if (ref.kind === 'Job') {
    const m = CRONJOB_JOB.exec(ref.name);
    if (m?.[1] !== undefined && known.has(workloadKey('CronJob', pod.namespace, m[1]))) {
      return { kind: 'CronJob', name: m[1] };
    }
  }
  return undefined;
}

/** The chain from the pod's direct owner to its top owner. Empty for a bare pod. */
export function ownerChain(
  pod: PodInfo,
  direct: OwnerRef | undefined,
  known: WorkloadMap,
): OwnerRef[] {
  // NOTE: static pods' mirror Pods are owned by their Node; they are bare pods for us.
  if (direct === undefined || direct.kind === 'Node') return [];
  const chain: OwnerRef[] = [];
  let cur: OwnerRef | undefined = direct;
  while (cur !== undefined && chain.length < MAX_CHAIN) {
    const ref: OwnerRef = cur;
    if (chain.some((c) => c.kind === ref.kind && c.name === ref.name)) break;
    chain.push(ref);
    const w = known.get(workloadKey(ref.kind, pod.namespace, ref.name));
    cur = w !== undefined ? w.owner : ownerByName(ref, pod, known);
  }
  return chain;
}

/**
 * Recomputes owner and ownerChain of every pod from its direct owner (ownerChain[0]). A chain
 * depends on the pod only through its namespace, direct owner and `pod-template-hash` label
 * (ownerByName), so the pods of one ReplicaSet or Job share one walk — and one chain array.
 */
export function resolveOwners(pods: PodInfo[], known: WorkloadMap): PodInfo[] {
  const walked = new Map<WorkloadKey, Map<string | undefined, OwnerRef[]>>();
  const chainOf = (p: PodInfo, direct: OwnerRef | undefined): OwnerRef[] => {
    if (direct === undefined) return [];
    const key = workloadKey(direct.kind, p.namespace, direct.name);
    const hash = p.labels['pod-template-hash'];
    let byHash = walked.get(key);
    if (byHash === undefined) walked.set(key, (byHash = new Map()));
    let chain = byHash.get(hash);
    if (chain === undefined) byHash.set(hash, (chain = ownerChain(p, direct, known)));
    return chain;
  };
  return pods.map((p) => {
    const chain = chainOf(p, p.ownerChain[0]);
    const owner = chain[chain.length - 1] ?? { kind: 'Pod', name: p.name };
    return { ...p, owner, ownerChain: chain };
  });
}

/** Top owners seen only through pods (including bare pods) → synthesised WorkloadInfo. */
export function synthesizeWorkloads(pods: PodInfo[], known: WorkloadMap): WorkloadInfo[] {
  const groups = new Map<string, PodInfo[]>();
  for (const p of pods) {
    const key = workloadKey(p.owner.kind, p.namespace, p.owner.name);
    if (known.has(key)) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [p]);
    else group.push(p);
  }
  const out: WorkloadInfo[] = [];
  for (const group of groups.values()) {
    const first = group[0] as PodInfo;
    out.push({
      kind: first.owner.kind,
      namespace: first.namespace,
      name: first.owner.name,
      templateLabels: commonStableLabels(group.map((p) => p.labels)),
      synthesized: true,
    });
  }
  return out;
}

/**
 * Nodes named by pods but absent from the dump. NOTE: status.hostIP is the node's primary
 * address (core/v1 PodStatus), so it stands in for the node's InternalIP.
 */
export function synthesizeNodes(pods: PodInfo[], known: Set<string>): NodeInfo[] {
  const ips = new Map<string, Set<string>>();
  for (const p of pods) {
    if (p.nodeName === undefined || known.has(p.nodeName)) continue;
    const set = ips.get(p.nodeName) ?? new Set<string>();
    if (p.hostIP !== undefined) set.add(p.hostIP);
    ips.set(p.nodeName, set);
  }
  return [...ips].map(([name, set]) => ({
    name,
    addresses: [...set].sort().map((address) => ({ type: 'InternalIP', address })),
    podCIDRs: [],
    synthesized: true,
  }));
}
