/**
 * The CiliumNetworkPolicy evaluator for what cilium.ts writes: endpoint selectors (the policy's
 * namespace unless `k8s:io.kubernetes.pod.namespace` says another), the `all`, `host` and
 * `remote-node` entities (nodes are host or remote-node; `world` is any address outside the
 * pods), CIDR sets (never a pod or a node: they have identities), FQDNs (an address whose
 * captured names include the name), and toPorts (port "0" = every port). An empty rule allows
 * nothing; a policy selecting the pod isolates both directions (it always has both sections).
 */
import type { LabelSelector } from '../../model/k8s';
import { matchesSelector } from '../../model/labels';
import type { CiliumNetworkPolicy, CiliumRule } from './cilium';
import { CILIUM_NAMESPACE_LABEL } from './cilium';
import { anyAllows, peerInNets, type Probe, type ProbePeer, type Verdict } from './probe';

const strip = (k: string) => k.replace(/^(k8s|any):/, '');

function endpointMatches(sel: LabelSelector, policyNs: string, peer: ProbePeer): boolean {
  if (peer.kind !== 'pod') return false;
  const { [CILIUM_NAMESPACE_LABEL]: ns, ...rest } = sel.matchLabels ?? {};
  if (peer.namespace !== (ns ?? policyNs)) return false;
  const labels = Object.fromEntries(Object.entries(rest).map(([k, v]) => [strip(k), v]));
  const exprs = (sel.matchExpressions ?? []).map((e) => ({ ...e, key: strip(e.key) }));
  return matchesSelector({ matchLabels: labels, matchExpressions: exprs }, peer.labels);
}

function entityMatches(entity: string, peer: ProbePeer): boolean {
  if (entity === 'all') return true;
  if (entity === 'host' || entity === 'remote-node') return peer.kind === 'node';
  return entity === 'world' && peer.kind === 'ip';
}

function portMatches(rule: CiliumRule, probe: Probe): boolean {
  if (!rule.toPorts) return true;
  return rule.toPorts.some((pr) =>
    pr.ports.some(
      (p) =>
        (p.protocol === 'ANY' || p.protocol === probe.protocol) &&
        (p.port === '0' || Number(p.port) === probe.port),
    ),
  );
}

function ruleAllows(rule: CiliumRule, ns: string, probe: Probe): boolean {
  const { peer } = probe;
  const ingress = probe.direction === 'ingress';
  const endpoints = (ingress ? rule.fromEndpoints : rule.toEndpoints) ?? [];
  const cidrs = (ingress ? rule.fromCIDRSet : rule.toCIDRSet) ?? [];
  const entities = (ingress ? rule.fromEntities : rule.toEntities) ?? [];
  const fqdns = ingress ? [] : (rule.toFQDNs ?? []);
  const peerOk =
    endpoints.some((s) => endpointMatches(s, ns, peer)) ||
    (peer.kind === 'ip' &&
      peerInNets(
        peer,
        cidrs.map((c) => c.cidr),
      )) ||
    entities.some((e) => entityMatches(e, peer)) ||
    (peer.kind === 'ip' && fqdns.some((f) => peer.names.includes(f.matchName.toLowerCase())));
  return peerOk && portMatches(rule, probe);
}

/** The verdict of the Cilium documents on one probe. */
export function evaluateCilium(docs: readonly CiliumNetworkPolicy[], probe: Probe): Verdict {
  return anyAllows(
    docs,
    (d) =>
      d.metadata.namespace === probe.pod.namespace &&
      matchesSelector(d.spec.endpointSelector, probe.pod.labels),
    (d) => d.spec[probe.direction].some((r) => ruleAllows(r, d.metadata.namespace, probe)),
  );
}
