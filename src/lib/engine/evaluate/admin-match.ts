/**
 * One admin policy against one connection: whether its subject selects a pod, whether a rule's
 * peers match the other end, and which connections a rule's ports cover towards a destination
 * (named ports resolved on the destination pod, taking that container port's protocol).
 * Malformed rules are fail-closed: an Allow rule matches nothing, a Deny or Pass rule denies
 * every connection of its subject.
 */
import type { AdminAction, AdminPeer, AdminPolicy, AdminRule } from '../model/admin-policy';
import type { PodInfo } from '../model/k8s';
import { allConns, connsOf, isProtocol, noConns, unionConns, type ConnSet } from './conn-set';
import { namespaceLabels, prepareContext, type EvalContext, type PreparedContext } from './context';
import type { Direction } from './direction';
import { cidrSet, contains, ipValue, isSubset, type IpSet } from './ip-set';
import type { Endpoint } from './rule-match';
import { matchesSelector } from '../model/labels';

/** The rules of `dir`; a policy without rules of a direction does not affect it. */
export function rulesOf(p: AdminPolicy, dir: Direction): AdminRule[] {
  return dir === 'ingress' ? p.ingress : p.egress;
}

/** Whether the policy's subject selects the pod (host-network pods are never subjects). */
export function subjectSelects(prep: PreparedContext, p: AdminPolicy, pod: PodInfo): boolean {
  const s = p.subject;
  if (!s) return false;
  const nsLabels = namespaceLabels(prep, pod.namespace);
  if ('namespaces' in s) return matchesSelector(s.namespaces, nsLabels);
  return (
    matchesSelector(s.pods.namespaceSelector, nsLabels) &&
    matchesSelector(s.pods.podSelector, pod.labels)
  );
}

/** What the rule does: a malformed Deny or Pass rule denies (fail-closed). */
export function effectiveAction(rule: AdminRule): AdminAction {
  return rule.invalid && rule.action !== 'Allow' ? 'Deny' : rule.action;
}

const cidrCache = new Map<string, IpSet | null>();

function cachedCidrSet(cidr: string): IpSet | null {
  let set = cidrCache.get(cidr);
  if (set === undefined) {
    set = cidrSet(cidr);
    cidrCache.set(cidr, set);
  }
  return set;
}

function networksMatch(prep: PreparedContext, cidrs: string[], ep: Endpoint): boolean {
  return cidrs.some((c) => {
    const set = cachedCidrSet(c);
    if (!set) return false;
    if (ep.kind === 'block') return isSubset(ep.set, set);
    if (ep.kind === 'addr') return ep.addresses.some((a) => contains(set, a));
    // NOTE: whether CIDRs match pod IPs is the same switch as ipBlocks (SEMANTICS.md §5).
    return (
      prep.ipBlockMatchesPods &&
      ep.pod.ips.some((ip) => {
        const a = ipValue(ip);
        return a !== null && contains(set, a);
      })
    );
  });
}

function peerMatches(prep: PreparedContext, peer: AdminPeer, ep: Endpoint): boolean {
  if ('networks' in peer) return networksMatch(prep, peer.networks, ep);
  // NOTE: nodes and domainNames peers are reported as not evaluated: they match nothing.
  if ('nodes' in peer || 'domainNames' in peer) return false;
  if (ep.kind !== 'pod') return false;
  if ('namespaces' in peer) return matchesSelector(peer.namespaces, ep.nsLabels);
  return (
    matchesSelector(peer.pods.namespaceSelector, ep.nsLabels) &&
    matchesSelector(peer.pods.podSelector, ep.pod.labels)
  );
}

/** Whether the rule applies to the other end (the source for ingress, the destination for egress). */
export function rulePeersMatch(prep: PreparedContext, rule: AdminRule, other: Endpoint): boolean {
  if (rule.invalid) return rule.action !== 'Allow';
  return rule.peers.some((peer) => peerMatches(prep, peer, other));
}

/** A rule without ports (or a fail-closed deny) covers every protocol, TCP/UDP/SCTP or not. */
export function ruleCoversAnyProtocol(rule: AdminRule): boolean {
  return rule.invalid ? rule.action !== 'Allow' : rule.ports === undefined;
}

function namedPortConns(name: string, dst: Endpoint): ConnSet {
  // NOTE: an admin rule's named port takes the protocol of the destination's container port;
  // towards an address it resolves to nothing (network-policy-api NamedPort).
  if (dst.kind !== 'pod') return noConns();
  const cp = dst.pod.containerPorts.find((c) => c.name === name);
  const protocol = (cp?.protocol || 'TCP').toUpperCase();
  if (!cp || !isProtocol(protocol)) return noConns();
  return connsOf(protocol, [[cp.containerPort, cp.containerPort]]);
}

/** The connections a (matching) rule covers towards `dst`. */
export function ruleConns(rule: AdminRule, dst: Endpoint): ConnSet {
  if (rule.invalid) return rule.action === 'Allow' ? noConns() : allConns();
  if (rule.ports === undefined) return allConns();
  let acc = noConns();
  for (const p of rule.ports) {
    if ('namedPort' in p) acc = unionConns(acc, namedPortConns(p.namedPort, dst));
    else if (isProtocol(p.protocol))
      acc = unionConns(
        acc,
        connsOf(p.protocol, [['port' in p ? p.port : p.start, 'port' in p ? p.port : p.end]]),
      );
  }
  return acc;
}

/** The admin policies (both tiers, in evaluation order) whose subject selects the pod. */
export function adminPoliciesSelecting(
  ctx: Pick<EvalContext, 'namespaces' | 'adminPolicies'>,
  pod: PodInfo,
): AdminPolicy[] {
  const prep = prepareContext({ ...ctx, pods: [], policies: [], ipBlockMatchesPods: false });
  return [...prep.tiers.admin, ...prep.tiers.baseline].filter((p) => subjectSelects(prep, p, pod));
}
