/**
 * One direction of a connection (SEMANTICS.md §2, §3): which policies isolate a pod for
 * ingress or egress, and which of their rules match the other end, with the connections each
 * matching rule allows. Both `evaluatePair` and the connectivity computation build on this.
 */
import type { NetworkPolicy, PodInfo } from '../model/k8s';
import { allConns, intersectConns, unionConns, noConns, type ConnSet } from './conn-set';
import { namespaceLabels, type PreparedContext } from './context';
import { policyKey } from './normalize';
import { peersMatch, portsConns, type Endpoint } from './rule-match';
import { matchesSelector } from './selector';

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

/** The policies of the pod's namespace that select it and have `dir` in their policyTypes. */
export function applicablePolicies(
  prep: PreparedContext,
  pod: PodInfo,
  dir: Direction,
): NetworkPolicy[] {
  if (!selectable(prep, pod)) return [];
  const type = dir === 'ingress' ? 'Ingress' : 'Egress';
  return (prep.policiesByNs.get(pod.namespace) ?? []).filter(
    (p) =>
      (p.spec.policyTypes ?? []).includes(type) && matchesSelector(p.spec.podSelector, pod.labels),
  );
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
  const policies = applicablePolicies(prep, selected, dir);
  const selectedEp: Endpoint = {
    kind: 'pod',
    pod: selected,
    nsLabels: namespaceLabels(prep, selected.namespace),
  };
  const dst = dir === 'egress' ? other : selectedEp;
  const hits: RuleHit[] = [];
  for (const p of policies) {
    const ns = p.metadata.namespace ?? '';
    const rules =
      dir === 'ingress'
        ? (p.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
        : (p.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
    rules.forEach((rule, i) => {
      if (!peersMatch(prep, rule.peers, ns, other)) return;
      const anyPort = !rule.ports || rule.ports.length === 0;
      hits.push({ policy: policyKey(p), rule: i, conns: portsConns(rule.ports, dst), anyPort });
    });
  }
  return { isolating: policies.map(policyKey), hits };
}

/** Everything `selected` allows in direction `dir` with `other` (all when not isolated). */
export function directionConns(
  prep: PreparedContext,
  dir: Direction,
  selected: PodInfo,
  other: Endpoint,
): ConnSet {
  const { isolating, hits } = directionRules(prep, dir, selected, other);
  if (isolating.length === 0) return allConns();
  return hits.reduce((acc, h) => unionConns(acc, h.conns), noConns());
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
