/**
 * The verdict for one connection initiation (SEMANTICS.md §3): egress of the source AND
 * ingress of the destination, with the policies and rules that allowed it or the policies
 * that isolate it. Also the pod-to-itself and own-node exceptions.
 */
import type { PodInfo } from '../model/k8s';
import { connsContain, isProtocol } from './conn-set';
import { namespaceLabels, prepareContext, type EvalContext, type PreparedContext } from './context';
import { directionRules, selectable, type Direction } from './direction';
import { parseIp, type IpAddress } from './ip-set';
import type { Endpoint } from './rule-match';

export type EvalPeer = { kind: 'pod'; pod: PodInfo } | { kind: 'ip'; ip: string };

export interface DirectionDecision {
  allowed: boolean;
  /** Some policy selects the pod of this side for this direction. */
  isolated: boolean;
  /** Policies (ns/name) and rule indexes that allowed. */
  allowedBy: { policy: string; rule: number }[];
  /** When denied: the isolating policies. */
  isolatingPolicies: string[];
}

export interface PairVerdict {
  allowed: boolean;
  egress: DirectionDecision;
  ingress: DirectionDecision;
}

function addresses(ips: string[]): IpAddress[] {
  return ips.map(parseIp).filter((a): a is IpAddress => a !== null);
}

/** How the evaluator sees a peer: a selectable pod, or addresses (IPs, node-like pods). */
function endpointOf(prep: PreparedContext, peer: EvalPeer): Endpoint {
  if (peer.kind === 'ip') {
    // NOTE: an IP that is a (non-hostNetwork) pod's IP is that pod (SEMANTICS.md §0).
    const pod = prep.podByIp.get(peer.ip.trim());
    if (pod) return { kind: 'pod', pod, nsLabels: namespaceLabels(prep, pod.namespace) };
    return { kind: 'addr', addresses: addresses([peer.ip]) };
  }
  const pod = peer.pod;
  if (!selectable(prep, pod)) {
    const ips = pod.ips.length > 0 ? pod.ips : pod.hostIP ? [pod.hostIP] : [];
    return { kind: 'addr', addresses: addresses(ips) };
  }
  return { kind: 'pod', pod, nsLabels: namespaceLabels(prep, pod.namespace) };
}

const OPEN: DirectionDecision = {
  allowed: true,
  isolated: false,
  allowedBy: [],
  isolatingPolicies: [],
};

function decide(
  prep: PreparedContext,
  dir: Direction,
  selected: Endpoint,
  other: Endpoint,
  protocol: string,
  port: number,
): DirectionDecision {
  if (selected.kind !== 'pod') return { ...OPEN, allowedBy: [] };
  const { isolating, hits } = directionRules(prep, dir, selected.pod, other);
  if (isolating.length === 0) return { ...OPEN, allowedBy: [] };
  const known = isProtocol(protocol);
  const allowedBy = hits
    .filter((h) => h.anyPort || (known && connsContain(h.conns, protocol, port)))
    .map((h) => ({ policy: h.policy, rule: h.rule }));
  const allowed = allowedBy.length > 0;
  return { allowed, isolated: true, allowedBy, isolatingPolicies: allowed ? [] : isolating };
}

function samePod(a: Endpoint, b: Endpoint): boolean {
  return (
    a.kind === 'pod' &&
    b.kind === 'pod' &&
    a.pod.namespace === b.pod.namespace &&
    a.pod.name === b.pod.name
  );
}

function fromOwnNode(src: Endpoint, dst: Endpoint): boolean {
  if (dst.kind !== 'pod' || src.kind !== 'addr' || !dst.pod.hostIP) return false;
  const node = parseIp(dst.pod.hostIP);
  return (
    node !== null && src.addresses.some((a) => a.family === node.family && a.value === node.value)
  );
}

function forceAllowed(d: DirectionDecision): DirectionDecision {
  return { ...d, allowed: true, isolatingPolicies: [] };
}

/**
 * Whether `src` may open a connection to `dst` on `port`/`protocol` (destination port; the
 * protocol is compared case-insensitively). Only TCP, UDP and SCTP are defined by
 * NetworkPolicy; any other protocol is allowed only by rules without `ports`.
 */
export function evaluatePair(
  ctx: EvalContext,
  src: EvalPeer,
  dst: EvalPeer,
  port: number,
  protocol: string,
): PairVerdict {
  const prep = prepareContext(ctx);
  const proto = protocol.toUpperCase();
  const s = endpointOf(prep, src);
  const d = endpointOf(prep, dst);
  let egress = decide(prep, 'egress', s, d, proto, port);
  let ingress = decide(prep, 'ingress', d, s, proto, port);
  // NOTE: "a pod cannot block access to itself" [DOC]; traffic from the pod's own node is
  // always allowed (SEMANTICS.md §3, §8).
  if (samePod(s, d)) {
    egress = forceAllowed(egress);
    ingress = forceAllowed(ingress);
  } else if (fromOwnNode(s, d)) ingress = forceAllowed(ingress);
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}
