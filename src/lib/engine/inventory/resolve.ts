/**
 * Endpoint resolution (DESIGN.md §5 "Semantics the CLI and the UI share"): node addresses →
 * node (even when hostNetwork pods share them); inline flow metadata → its workload for the
 * flow's own time; Service addresses → the backing pods' workload; pod IPs → the top owner of
 * the pod that held the IP at that time; anything else → a bare IP. A `reserved:world` label
 * on a ClusterIP or pod IP carries no workload, so the dump decides.
 */
import { normalizeIp } from '../model/address';
import type { Endpoint, WorkloadRef } from '../model/communication';
import type { EndpointMeta } from '../model/flow';
import type { NodeInfo, PodInfo, ServiceInfo } from '../model/k8s';
import { backingGroups, backingWorkloads, type BackingGroup } from './backing';
import type { InventoryIndex } from './inventory-index';
import { matchIdentity } from './identity';
import { choosePod, isAlive } from './lifetime';
import { workloadKey } from '../model/ids';
import { rollupAggregate, rollupPodName, rollupWorkload } from './rollup';

export interface ResolvedEndpoint {
  endpoint: Endpoint;
  /** The pod behind the endpoint, when one is known. */
  pod?: PodInfo;
  /** The Service the traffic was addressed to (its IP, or the flow's own service metadata). */
  viaService?: ServiceInfo;
  /** The address itself was a Service address: the flow's port is a Service port. */
  addressedToService?: boolean;
  /** Other workloads behind the same Service address (the endpoint is the first, sorted). */
  alternatives?: WorkloadRef[];
}

function nodeEndpoint(node: NodeInfo, ip: string | undefined): Endpoint {
  const internal = node.addresses.find((a) => a.type === 'InternalIP')?.address;
  return { type: 'node', name: node.name, ip: ip ?? internal ?? node.addresses[0]?.address ?? '' };
}

/** A pod → its node when it runs in the host network, else its top-owner workload. */
function podEndpoint(idx: InventoryIndex, pod: PodInfo, ip: string | undefined): ResolvedEndpoint {
  if (!pod.hostNetwork) {
    return {
      endpoint: {
        type: 'workload',
        kind: pod.owner.kind,
        namespace: pod.namespace,
        name: pod.owner.name,
      },
      pod,
    };
  }
  const node = pod.nodeName !== undefined ? idx.nodesByName.get(pod.nodeName) : undefined;
  if (node !== undefined) return { endpoint: nodeEndpoint(node, ip), pod };
  return {
    endpoint: { type: 'node', name: pod.nodeName ?? ip ?? '', ip: ip ?? pod.hostIP ?? '' },
    pod,
  };
}

function metaNode(
  idx: InventoryIndex,
  ip: string | undefined,
  meta: EndpointMeta,
): ResolvedEndpoint {
  const node = meta.node !== undefined ? idx.nodesByName.get(meta.node) : undefined;
  if (node !== undefined) return { endpoint: nodeEndpoint(node, ip) };
  return { endpoint: { type: 'node', name: meta.node ?? ip ?? '', ip: ip ?? '' } };
}

function workload(w: WorkloadRef): ResolvedEndpoint {
  return { endpoint: { type: 'workload', kind: w.kind, namespace: w.namespace, name: w.name } };
}

const NO_PODS: PodInfo[] = [];

/** Inline metadata → endpoint, or undefined when it names no pod or workload. */
function fromMeta(
  idx: InventoryIndex,
  ip: string | undefined,
  meta: EndpointMeta,
  time: number | null,
): ResolvedEndpoint | undefined {
  if (meta.kind === 'node' || meta.kind === 'host') return metaNode(idx, ip, meta);
  const ns = meta.namespace;
  if (ns === undefined) return undefined;
  if (meta.pod !== undefined) {
    // Looked up where the pods would be: on a hit as many lookups as finding the pod, and no
    // object made (most flows name a pod of the dump).
    const answered = idx.memo.podAnswers.get(ns)?.get(meta.pod);
    if (answered !== undefined) return answered;
    const known = idx.podsByNsName.get(ns)?.get(meta.pod) ?? NO_PODS;
    const pod = choosePod(known, time);
    if (pod !== undefined) {
      const r = podEndpoint(idx, pod, ip);
      // One pod of the name outside the host network: neither time nor address changes it.
      if (known.length === 1 && !pod.hostNetwork) {
        let byName = idx.memo.podAnswers.get(ns);
        if (byName === undefined) idx.memo.podAnswers.set(ns, (byName = new Map()));
        byName.set(meta.pod, r);
      }
      return r;
    }
  }
  const labels = meta.labels ?? (Object.create(null) as Record<string, string>);
  if (meta.workloadKind !== undefined && meta.workloadName !== undefined) {
    return workload(rollupWorkload(idx, ns, meta.workloadKind, meta.workloadName, labels));
  }
  if (meta.pod !== undefined) return workload(rollupPodName(idx, ns, meta.pod, labels));
  const agg =
    meta.aggregatedName !== undefined ? rollupAggregate(idx, ns, meta.aggregatedName) : undefined;
  if (agg !== undefined) return workload(agg);
  return fromIdentity(idx, ip, ns, meta);
}

/**
 * Namespace and labels only (Cilium's identity of proxied traffic): the one workload whose pods
 * carry them; else the IP, keeping the identity (a later dump may match it; queries say why it
 * does not). A pod IP of the dump still resolves by its pod.
 */
function fromIdentity(
  idx: InventoryIndex,
  ip: string | undefined,
  ns: string,
  meta: EndpointMeta,
): ResolvedEndpoint | undefined {
  if (meta.labels === undefined || meta.kind !== undefined || ip === undefined) return undefined;
  if (idx.podsByIp.has(ip) || Object.keys(meta.labels).length === 0) return undefined;
  const m = matchIdentity(idx, ns, meta.labels);
  return 'workload' in m
    ? workload(m.workload)
    : { endpoint: { type: 'ip', ip, identity: m.identity } };
}

/**
 * A Service address → the workload of its backing pods. Several workloads behind one address
 * (a selector shared by two Deployments) are ordered by kind/namespace/name, preferring those
 * with a pod alive at `time`; the first is the endpoint, the others are `alternatives`.
 */
function fromService(
  idx: InventoryIndex,
  svc: ServiceInfo,
  ip: string,
  time: number | null,
  depth: number,
): ResolvedEndpoint {
  const groups = backingGroups(idx, svc);
  if (groups.length === 0) {
    return fromWorkloads(idx, svc) ?? fromEndpointAddresses(idx, svc, ip, time, depth);
  }
  const live = groups.filter((g) => g.pods.some((p) => isAlive(p, time)));
  const [first, ...others] = live.length > 0 ? live : groups;
  const g = first as BackingGroup;
  // Any pod of the workload serves as its representative (node of a hostNetwork pod, named ports).
  const chosen = g.pods.find((p) => isAlive(p, time)) ?? (g.pods[0] as PodInfo);
  const r = podEndpoint(idx, chosen, undefined);
  return others.length > 0 ? { ...r, alternatives: others.map((o) => o.ref) } : r;
}

/** A Service whose pods the dump lacks → the workloads whose pod template it selects. */
function fromWorkloads(idx: InventoryIndex, svc: ServiceInfo): ResolvedEndpoint | undefined {
  const refs = backingWorkloads(idx, svc)
    .map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name }))
    .sort((a, b) => compare(workloadKey(a), workloadKey(b)));
  const [first, ...alternatives] = refs;
  if (first === undefined) return undefined;
  const r = workload(first);
  return alternatives.length > 0 ? { ...r, alternatives } : r;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A selector-less Service: its first recorded backend address (sorted), resolved in turn. */
function fromEndpointAddresses(
  idx: InventoryIndex,
  svc: ServiceInfo,
  ip: string,
  time: number | null,
  depth: number,
): ResolvedEndpoint {
  const addrs = (idx.endpointsByService.get(`${svc.namespace}/${svc.name}`) ?? [])
    .flatMap((e) => e.subsets.flatMap((s) => s.addresses))
    .map((a) => normalizeIp(a.ip))
    .filter((a) => a !== ip)
    .sort();
  const first = addrs[0];
  if (first === undefined || depth > 2) return { endpoint: { type: 'ip', ip } };
  return resolveAt(idx, first, undefined, time, depth + 1);
}

function resolveAt(
  idx: InventoryIndex,
  ip: string | undefined,
  meta: EndpointMeta | undefined,
  time: number | null,
  depth: number,
): ResolvedEndpoint {
  const node = ip !== undefined ? idx.nodesByIp.get(ip) : undefined;
  if (node !== undefined) return { endpoint: nodeEndpoint(node, ip) };
  const svc = ip !== undefined ? idx.servicesByIp.get(ip) : undefined;
  const viaMeta = meta !== undefined ? fromMeta(idx, ip, meta, time) : undefined;
  if (viaMeta !== undefined)
    return svc !== undefined ? { ...viaMeta, viaService: svc, addressedToService: true } : viaMeta;
  if (svc !== undefined && ip !== undefined) {
    return { ...fromService(idx, svc, ip, time, depth), viaService: svc, addressedToService: true };
  }
  const pods = ip !== undefined ? (idx.podsByIp.get(ip) ?? idx.podsByAnyIp.get(ip)) : undefined;
  const pod = pods !== undefined ? choosePod(pods, time) : undefined;
  if (pod !== undefined) return podEndpoint(idx, pod, ip);
  return { endpoint: { type: 'ip', ip: ip ?? '' } };
}

/** Resolves one side of a flow: its IP, its inline metadata, at the flow's time (ms or null). */
export function resolveEndpoint(
  idx: InventoryIndex,
  ip: string | undefined,
  meta: EndpointMeta | undefined,
  time: number | null,
): ResolvedEndpoint {
  const key = ip === undefined || ip === '' ? undefined : normalizeIp(ip);
  const r = resolveAt(idx, key, meta, time, 0);
  if (r.viaService !== undefined || meta?.service === undefined) return r;
  const named = idx.servicesByNsName.get(meta.service.namespace)?.get(meta.service.name);
  if (named === undefined) return r;
  // A new object, never `r` written to: a pod's answer is shared (memo.podAnswers). Without a
  // Service, an answer has only these fields (`alternatives` come with `viaService`).
  return r.pod !== undefined
    ? { endpoint: r.endpoint, pod: r.pod, viaService: named }
    : { endpoint: r.endpoint, viaService: named };
}
