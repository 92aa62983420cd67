/**
 * The verdict for one connection initiation (SEMANTICS.md §3, DESIGN.md §5): egress of the
 * source AND ingress of the destination, each decided tier by tier — an Admin-tier rule, else
 * the NetworkPolicies that isolate the pod, else a Baseline-tier rule, else allowed — with the
 * policies and rules that decided. Also the pod-to-itself and own-node exceptions.
 */
import type { AdminAction, AdminPolicyKind, AdminTier } from '../model/admin-policy';
import type { PodInfo } from '../model/k8s';
import { tierDecision, type AdminHit, type DirectionEnds } from './admin-tier';
import { connsContain, isProtocol } from './conn-set';
import { namespaceLabels, prepareContext, type EvalContext, type PreparedContext } from './context';
import { directionRules, selectable, type Direction } from './direction';
import { ipAddresses, type IpValue } from './ip-set';
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
  /**
   * The admin policy rule that decided (Allow or Deny), or that passed the connection on to
   * the NetworkPolicies (Pass); absent when no admin policy had a say.
   */
  admin?: AdminDecision;
}

/** An admin policy rule in a verdict. */
export interface AdminDecision {
  kind: AdminPolicyKind;
  tier: AdminTier;
  /** The policy's name (admin policies are cluster-scoped). */
  policy: string;
  /** The rule's name, or `#<n>` (1-based) when it has none. */
  rule: string;
  action: AdminAction;
}

export interface PairVerdict {
  allowed: boolean;
  egress: DirectionDecision;
  ingress: DirectionDecision;
}

/** The addresses of IP texts (those that are addresses), each made once (ipAddresses). */
function addresses(ips: string[]): readonly IpValue[] {
  return ips.length === 1 ? ipAddresses(ips[0]!) : ips.flatMap(ipAddresses);
}

/** How the evaluator sees a peer: a selectable pod, or addresses (IPs, node-like pods). */
export function evalEndpoint(prep: PreparedContext, peer: EvalPeer): Endpoint {
  if (peer.kind === 'ip') {
    // NOTE: an IP that is a (non-hostNetwork) pod's IP is that pod (SEMANTICS.md §0).
    const pod = prep.podByIp.get(peer.ip.trim());
    if (pod) return { kind: 'pod', pod, nsLabels: namespaceLabels(prep, pod.namespace) };
    return { kind: 'addr', addresses: ipAddresses(peer.ip) };
  }
  const pod = peer.pod;
  if (!selectable(prep, pod)) {
    const ips = pod.ips.length > 0 ? pod.ips : pod.hostIP ? [pod.hostIP] : [];
    return { kind: 'addr', addresses: addresses(ips) };
  }
  return { kind: 'pod', pod, nsLabels: namespaceLabels(prep, pod.namespace) };
}

/**
 * A side no policy isolates and no admin rule decides: one object for every such side of every
 * row (a verdict is never changed), frozen so that nothing can.
 */
export const OPEN_SIDE: DirectionDecision = Object.freeze({
  allowed: true,
  isolated: false,
  allowedBy: Object.freeze([]) as unknown as DirectionDecision['allowedBy'],
  isolatingPolicies: Object.freeze([]) as unknown as string[],
});

/**
 * A side its NetworkPolicies isolate and none of whose rules allows the connection, per list of
 * isolating policies (direction.ts keeps one per pod): one object for all such sides of a pod.
 */
const deniedSides = new WeakMap<readonly string[], DirectionDecision>();

function deniedSide(isolating: string[]): DirectionDecision {
  let d = deniedSides.get(isolating);
  if (!d) {
    d = Object.freeze({
      allowed: false,
      isolated: true,
      allowedBy: OPEN_SIDE.allowedBy,
      isolatingPolicies: isolating,
    });
    deniedSides.set(isolating, d);
  }
  return d;
}

function adminDecision(hit: AdminHit, dir: Direction): AdminDecision {
  const r = (dir === 'ingress' ? hit.policy.ingress : hit.policy.egress)[hit.rule]!;
  return {
    kind: hit.policy.kind,
    tier: hit.policy.tier,
    policy: hit.policy.name,
    rule: r.name !== '' ? r.name : `#${hit.rule + 1}`,
    action: hit.action,
  };
}

function npDecision(
  prep: PreparedContext,
  e: DirectionEnds,
  protocol: string,
  port: number,
): DirectionDecision | null {
  const { isolating, hits } = directionRules(prep, e.dir, e.selected, e.other);
  if (isolating.length === 0) return null;
  const known = isProtocol(protocol);
  const allowedBy: DirectionDecision['allowedBy'] = [];
  for (const h of hits) {
    if (h.anyPort || (known && connsContain(h.conns, protocol, port)))
      allowedBy.push({ policy: h.policy, rule: h.rule });
  }
  if (allowedBy.length === 0) return deniedSide(isolating);
  return { allowed: true, isolated: true, allowedBy, isolatingPolicies: [] };
}

function decide(
  prep: PreparedContext,
  dir: Direction,
  selected: Endpoint,
  other: Endpoint,
  protocol: string,
  port: number,
): DirectionDecision {
  if (selected.kind !== 'pod') return OPEN_SIDE;
  const e: DirectionEnds = {
    dir,
    selected: selected.pod,
    other,
    dst: dir === 'egress' ? other : selected,
  };
  const hit = tierDecision(prep, prep.tiers.admin, e, protocol, port);
  const admin = hit ? adminDecision(hit, dir) : undefined;
  if (admin && admin.action !== 'Pass') {
    const allowed = admin.action === 'Allow';
    return { allowed, isolated: false, allowedBy: [], isolatingPolicies: [], admin };
  }
  const np = npDecision(prep, e, protocol, port);
  if (np) return admin ? { ...np, admin } : np;
  const base = tierDecision(prep, prep.tiers.baseline, e, protocol, port);
  if (base && base.action === 'Deny') {
    return { ...OPEN_SIDE, allowed: false, allowedBy: [], admin: adminDecision(base, dir) };
  }
  return admin ? { ...OPEN_SIDE, admin } : OPEN_SIDE;
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
  const node = ipAddresses(dst.pod.hostIP)[0];
  return (
    node !== undefined &&
    src.addresses.some((a) => a.family === node.family && a.value === node.value)
  );
}

function forceAllowed(d: DirectionDecision): DirectionDecision {
  const { admin: _admin, ...rest } = d;
  return { ...rest, allowed: true, isolatingPolicies: [] };
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
  return evaluatePrepared(prepareContext(ctx), src, dst, port, protocol);
}

/**
 * evaluatePair over one context, prepared once (a replay of many rows: preparing it per row
 * made a context object and looked up its four indexes each time).
 */
export function pairEvaluator(
  ctx: EvalContext,
): (src: EvalPeer, dst: EvalPeer, port: number, protocol: string) => PairVerdict {
  const prep = prepareContext(ctx);
  return (src, dst, port, protocol) => evaluatePrepared(prep, src, dst, port, protocol);
}

function evaluatePrepared(
  prep: PreparedContext,
  src: EvalPeer,
  dst: EvalPeer,
  port: number,
  protocol: string,
): PairVerdict {
  const proto = protocol.toUpperCase();
  const s = evalEndpoint(prep, src);
  const d = evalEndpoint(prep, dst);
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
