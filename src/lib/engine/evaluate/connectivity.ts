/**
 * The connectivity report behind `netpolish connectivity`: for every ordered pair of distinct
 * peers — workloads (pods grouped by their direct controller, as netpol-analyzer does) and
 * external address blocks — the connections the policies allow (egress ∩ ingress).
 * External↔external and a peer with itself are never listed (SEMANTICS.md §11).
 */
import type { PodInfo } from '../model/k8s';
import { allConns, intersectConns, isNoConns, unionConns, noConns, type ConnSet } from './conn-set';
import { namespaceLabels, prepareContext, type EvalContext, type PreparedContext } from './context';
import { directionConns, selectable } from './direction';
import { formatRanges, ipValue, type IpValue, type IpSet } from './ip-set';
import { externalBlocks } from './ip-partition';
import type { Endpoint } from './rule-match';

export interface WorkloadPeer {
  kind: 'workload';
  namespace: string;
  name: string;
  workloadKind: string;
  /** `ns/name[Kind]` */
  label: string;
  pods: PodInfo[];
}

export interface ExternalPeer {
  kind: 'external';
  set: IpSet;
  /** `a.b.c.d-w.x.y.z[External]` */
  label: string;
}

export type ConnPeer = WorkloadPeer | ExternalPeer;

export interface PeerConnection {
  src: ConnPeer;
  dst: ConnPeer;
  conns: ConnSet;
}

/**
 * The peer a pod belongs to: its direct controller owner (ReplicaSet, DaemonSet, Job, …; an
 * owner without kind prints as Pod), else the pod itself. A `Node` owner (static pods) counts
 * as no owner.
 */
export function peerOwner(pod: PodInfo): { kind: string; name: string } {
  const direct = pod.ownerChain[0] ?? pod.owner;
  if (!direct || !direct.name || direct.kind === 'Node') return { kind: 'Pod', name: pod.name };
  return { kind: direct.kind || 'Pod', name: direct.name };
}

/** Pods grouped into workload peers, in first-seen order. */
export function workloadPeers(pods: PodInfo[]): WorkloadPeer[] {
  const byLabel = new Map<string, WorkloadPeer>();
  for (const pod of pods) {
    const owner = peerOwner(pod);
    const label = `${pod.namespace}/${owner.name}[${owner.kind}]`;
    const peer = byLabel.get(label);
    if (peer) peer.pods.push(pod);
    else {
      const p: WorkloadPeer = {
        kind: 'workload',
        namespace: pod.namespace,
        name: owner.name,
        workloadKind: owner.kind,
        label,
        pods: [pod],
      };
      byLabel.set(label, p);
    }
  }
  return [...byLabel.values()];
}

export function externalPeer(set: IpSet): ExternalPeer {
  return { kind: 'external', set, label: `${formatRanges(set)}[External]` };
}

function addresses(ips: string[]): IpValue[] {
  return ips.map(ipValue).filter((a): a is IpValue => a !== null);
}

function podEndpoint(prep: PreparedContext, pod: PodInfo): Endpoint {
  if (selectable(prep, pod))
    return { kind: 'pod', pod, nsLabels: namespaceLabels(prep, pod.namespace) };
  return {
    kind: 'addr',
    addresses: addresses(pod.ips.length > 0 ? pod.ips : pod.hostIP ? [pod.hostIP] : []),
  };
}

/** The pods of a workload that can differ in evaluation (labels, ports, and IPs when they count). */
function variants(prep: PreparedContext, pods: PodInfo[]): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const pod of pods) {
    const ipsCount = prep.ipBlockMatchesPods || !selectable(prep, pod);
    const key = JSON.stringify([
      Object.entries(pod.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      pod.containerPorts,
      pod.hostNetwork,
      ipsCount ? [pod.ips, pod.hostIP ?? null] : null,
    ]);
    if (!seen.has(key)) seen.set(key, podEndpoint(prep, pod));
  }
  return [...seen.values()];
}

function fromOwnNode(src: Endpoint, dst: Endpoint): boolean {
  if (src.kind !== 'addr' || dst.kind !== 'pod' || !dst.pod.hostIP) return false;
  const node = ipValue(dst.pod.hostIP);
  return (
    node !== null && src.addresses.some((a) => a.family === node.family && a.value === node.value)
  );
}

/** What `src` may open towards `dst`: egress of a pod source ∩ ingress of a pod destination. */
export function endpointConns(prep: PreparedContext, src: Endpoint, dst: Endpoint): ConnSet {
  const egress = src.kind === 'pod' ? directionConns(prep, 'egress', src.pod, dst) : allConns();
  if (isNoConns(egress)) return egress;
  const ingress =
    dst.kind === 'pod' && !fromOwnNode(src, dst)
      ? directionConns(prep, 'ingress', dst.pod, src)
      : allConns();
  return intersectConns(egress, ingress);
}

export function peerEndpoints(prep: PreparedContext, peer: ConnPeer): Endpoint[] {
  return peer.kind === 'external' ? [{ kind: 'block', set: peer.set }] : variants(prep, peer.pods);
}

function peerConns(prep: PreparedContext, srcEps: Endpoint[], dstEps: Endpoint[]): ConnSet {
  let acc = noConns();
  for (const s of srcEps) for (const d of dstEps) acc = unionConns(acc, endpointConns(prep, s, d));
  return acc;
}

/** An ordered pair of report peers with the endpoints that stand for each. */
export interface ReportPair {
  src: ConnPeer;
  dst: ConnPeer;
  srcEndpoints: Endpoint[];
  dstEndpoints: Endpoint[];
}

/**
 * The ordered pairs of a report: workloads (pods grouped as netpol-analyzer does) and the
 * external blocks the policies' address ranges derive, never external↔external nor a peer
 * with itself. No pods ⇒ no pairs.
 */
export function reportPairs(ctx: EvalContext, prep: PreparedContext): ReportPair[] {
  const workloads = workloadPeers(ctx.pods);
  if (workloads.length === 0) return [];
  const blocks = (dir: 'ingress' | 'egress') =>
    externalBlocks(ctx.policies, dir, ctx.adminPolicies).map(externalPeer);
  const srcs: ConnPeer[] = [...blocks('ingress'), ...workloads];
  const dsts: ConnPeer[] = [...blocks('egress'), ...workloads];
  const eps = new Map<ConnPeer, Endpoint[]>();
  const endpointsOf = (p: ConnPeer): Endpoint[] => {
    let e = eps.get(p);
    if (!e) eps.set(p, (e = peerEndpoints(prep, p)));
    return e;
  };
  const out: ReportPair[] = [];
  for (const src of srcs) {
    for (const dst of dsts) {
      if (src.label === dst.label || (src.kind === 'external' && dst.kind === 'external')) continue;
      out.push({ src, dst, srcEndpoints: endpointsOf(src), dstEndpoints: endpointsOf(dst) });
    }
  }
  return out;
}

/**
 * Every allowed (src, dst, conns) of the report; pairs with no connection are left out. Where
 * pods of one workload differ, the workload's connections are the union over its pods.
 */
export function computeConnectivity(ctx: EvalContext): PeerConnection[] {
  const prep = prepareContext(ctx);
  const out: PeerConnection[] = [];
  for (const { src, dst, srcEndpoints, dstEndpoints } of reportPairs(ctx, prep)) {
    const conns = peerConns(prep, srcEndpoints, dstEndpoints);
    if (!isNoConns(conns)) out.push({ src, dst, conns });
  }
  return out;
}
