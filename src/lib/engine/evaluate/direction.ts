/**
 * One direction of a connection (SEMANTICS.md §2, §3): which policies isolate a pod for
 * ingress or egress, and which of their rules match the other end, with the connections each
 * matching rule allows. Both `evaluatePair` and the connectivity computation build on this.
 * The policies selecting a pod are found once per pod and policy index, not once per connection.
 */
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, PodInfo } from '../model/k8s';
import {
  allConns,
  intersectConns,
  unionConns,
  noConns,
  subtractConns,
  type ConnSet,
} from './conn-set';
import { tierConns, type DirectionEnds } from './admin-tier';
import { namespaceLabels, type PreparedContext } from './context';
import { policyKey } from './normalize';
import { peersMatch, portsConns, type Endpoint } from './rule-match';
import { matchesSelector } from '../model/labels';

export type Direction = 'ingress' | 'egress';

export interface RuleHit {
  /** `namespace/name` of the policy. */
  policy: string;
  /** Index of the rule in `spec.ingress` / `spec.egress`. */
  rule: number;
  /** What the rule allows towards the destination. */
  conns: ConnSet;
  /** The rule has no `ports`: it allows every protocol, even those outside TCP/UDP/SCTP. */
  anyPort: boolean;
}

export interface DirectionRules {
  /** `namespace/name` of the policies that select the pod for this direction. */
  isolating: string[];
  hits: RuleHit[];
}

/** Whether policies can select this pod at all (hostNetwork pods in `node` mode: no). */
export function selectable(prep: PreparedContext, pod: PodInfo): boolean {
  return !(pod.hostNetwork && prep.hostNetwork === 'node');
}

export interface PolicyRules {
  key: string;
  ns: string;
  rules: { peers: NetworkPolicyPeer[] | undefined; ports: NetworkPolicyPort[] | undefined }[];
}

type Applicable = Record<Direction, WeakMap<PodInfo, PolicyRules[]>>;

/** Per policy index (one per evaluation context's policies), the policies selecting each pod. */
const applicableCache = new WeakMap<PreparedContext['policiesByNs'], Applicable>();

function policyRules(p: NetworkPolicy, dir: Direction): PolicyRules {
  const rules =
    dir === 'ingress'
      ? (p.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
      : (p.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
  return { key: policyKey(p), ns: p.metadata.namespace ?? '', rules };
}

/**
 * The policies of the pod's namespace that select it and have `dir` in their policyTypes, with
 * their rules of that direction; found once per pod and evaluation context.
 */
export function applicableRules(
  prep: PreparedContext,
  pod: PodInfo,
  dir: Direction,
): PolicyRules[] {
  if (!selectable(prep, pod)) return [];
  let byDir = applicableCache.get(prep.policiesByNs);
  if (!byDir) {
    byDir = { ingress: new WeakMap(), egress: new WeakMap() };
    applicableCache.set(prep.policiesByNs, byDir);
  }
  let found = byDir[dir].get(pod);
  if (!found) {
    const type = dir === 'ingress' ? 'Ingress' : 'Egress';
    found = (prep.policiesByNs.get(pod.namespace) ?? [])
      .filter(
        (p) =>
          (p.spec.policyTypes ?? []).includes(type) &&
          matchesSelector(p.spec.podSelector, pod.labels),
      )
      .map((p) => policyRules(p, dir));
    byDir[dir].set(pod, found);
  }
  return found;
}

/**
 * The rules of `selected`'s applicable policies whose peers match `other`. For egress
 * `selected` is the source and `other` the destination; for ingress the reverse. Named ports
 * always resolve on the destination.
 */
export function directionRules(
  prep: PreparedContext,
  dir: Direction,
  selected: PodInfo,
  other: Endpoint,
): DirectionRules {
  const policies = applicableRules(prep, selected, dir);
  const dst = dir === 'egress' ? other : selfEndpoint(prep, selected);
  const hits: RuleHit[] = [];
  for (const p of policies) {
    p.rules.forEach((rule, i) => {
      if (!peersMatch(prep, rule.peers, p.ns, other)) return;
      const anyPort = !rule.ports || rule.ports.length === 0;
      hits.push({ policy: p.key, rule: i, conns: portsConns(rule.ports, dst), anyPort });
    });
  }
  return { isolating: policyKeys(policies), hits };
}

/** The keys of a pod's applicable policies, one array per list (the verdicts share it). */
const keysOf = new WeakMap<PolicyRules[], string[]>();

function policyKeys(policies: PolicyRules[]): string[] {
  let keys = keysOf.get(policies);
  if (!keys) keysOf.set(policies, (keys = policies.map((p) => p.key)));
  return keys;
}

function selfEndpoint(prep: PreparedContext, pod: PodInfo): Endpoint {
  return { kind: 'pod', pod, nsLabels: namespaceLabels(prep, pod.namespace) };
}

/**
 * Everything `selected` allows in direction `dir` with `other`, tier by tier (DESIGN.md §5):
 * what the Admin tier allows; else, when NetworkPolicies isolate the pod, what they allow;
 * else what the Baseline tier does not deny (the default allows all).
 */
export function directionConns(
  prep: PreparedContext,
  dir: Direction,
  selected: PodInfo,
  other: Endpoint,
): ConnSet {
  const e: DirectionEnds = {
    dir,
    selected,
    other,
    dst: dir === 'egress' ? other : selfEndpoint(prep, selected),
  };
  const admin = prep.tiers.admin.length > 0 ? tierConns(prep, prep.tiers.admin, e) : null;
  const { isolating, hits } = directionRules(prep, dir, selected, other);
  if (isolating.length > 0) {
    const np = hits.reduce((acc, h) => unionConns(acc, h.conns), noConns());
    return admin ? unionConns(admin.allowed, subtractConns(np, admin.denied)) : np;
  }
  if (!admin && prep.tiers.baseline.length === 0) return allConns();
  const baseline = tierConns(prep, prep.tiers.baseline, e);
  const rest = subtractConns(
    subtractConns(allConns(), admin?.denied ?? noConns()),
    baseline.denied,
  );
  return admin ? unionConns(admin.allowed, rest) : rest;
}

/** Connections from `src` to `dst` when both are pods that policies may select. */
export function podToPodConns(prep: PreparedContext, src: PodInfo, dst: PodInfo): ConnSet {
  const srcEp: Endpoint = { kind: 'pod', pod: src, nsLabels: namespaceLabels(prep, src.namespace) };
  const dstEp: Endpoint = { kind: 'pod', pod: dst, nsLabels: namespaceLabels(prep, dst.namespace) };
  return intersectConns(
    directionConns(prep, 'egress', src, dstEp),
    directionConns(prep, 'ingress', dst, srcEp),
  );
}
