/**
 * The Kubernetes dialect (`networking.k8s.io/v1` NetworkPolicy): pods of the policy's namespace
 * as a podSelector, of another namespace as namespaceSelector (its name label) AND podSelector in
 * one peer, the namespace rule as `podSelector: {}`, ranges and nodes as ipBlocks; rules merged
 * per identical port set (rules.ts). FQDNs and CNI entities have no k8s form: left out, warned.
 * An included IP the capture named stays an ipBlock /32; its names go in the policy's
 * `netpolish.io/dns-names` annotation (ip-names.ts), as Calico annotates its rules.
 */
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from '../../model/k8s';
import { NAMESPACE_NAME_LABEL, recordOf } from '../../model/labels';
import type { IrDirection, IrPeer, IrPort, PolicyIR } from '../ir';
import { NAMES_ANNOTATION, ipNamesText, namesByCidr } from '../ip-names';
import { mergeRules, type MergedRule, type PeerPort } from '../rules';
import { validatePolicy } from '../validate';
import { POLICY_WARNING_CODES as W, type PolicyWarning } from '../warnings';
import { toYaml } from '../yaml';
import type { PolicyDialect } from './types';
import { namesOf } from './catalog';

/** An address peer's ipBlock, made once per IR peer (a policy may hold 10,000 of them). */
const blocks = new WeakMap<IrPeer, NetworkPolicyPeer>();

function peerOf(
  ir: PolicyIR,
  p: IrPeer,
  warn: (message: string) => void,
): NetworkPolicyPeer | null {
  switch (p.type) {
    case 'pods':
      if (p.namespace === ir.namespace) return { podSelector: p.selector };
      return {
        namespaceSelector: { matchLabels: recordOf([[NAMESPACE_NAME_LABEL, p.namespace]]) },
        podSelector: p.selector,
      };
    case 'namespace':
      return { podSelector: {} };
    case 'cidr':
    case 'node': {
      const block = blocks.get(p) ?? { ipBlock: { cidr: p.cidr } };
      blocks.set(p, block);
      return block;
    }
    case 'fqdn':
      warn(`DNS name ${p.name}: a NetworkPolicy has no FQDN peer; left out`);
      return null;
    case 'entity':
      warn(`entity ${p.entity}: a NetworkPolicy has no entity peer; left out`);
      return null;
  }
}

function portOf(p: IrPort): NetworkPolicyPort {
  if (p.port === undefined) return { protocol: p.protocol };
  const port: NetworkPolicyPort = { port: p.port, protocol: p.protocol };
  if (p.endPort !== undefined) port.endPort = p.endPort;
  return port;
}

function rulesOf(ir: PolicyIR, dir: IrDirection, warn: (m: string) => void): MergedRule[] | null {
  if (dir === 'all') return null;
  const pairs = dir.flatMap((pair): PeerPort[] => {
    const peer = peerOf(ir, pair.peer, warn);
    return peer ? [{ peer, port: pair.port && portOf(pair.port) }] : [];
  });
  return mergeRules(pairs);
}

/** Each IR policy's NetworkPolicy, made once (generation, verification and render share it). */
const emitted = new WeakMap<PolicyIR, { policy: NetworkPolicy; warnings: PolicyWarning[] }>();

/** The NetworkPolicy of one IR policy (and what it had to leave out). */
export function emitNetworkPolicy(ir: PolicyIR): {
  policy: NetworkPolicy;
  warnings: PolicyWarning[];
} {
  const hit = emitted.get(ir);
  if (hit) return hit;
  const made = emit(ir);
  emitted.set(ir, made);
  return made;
}

function emit(ir: PolicyIR): { policy: NetworkPolicy; warnings: PolicyWarning[] } {
  const warnings: PolicyWarning[] = [];
  const warn = (message: string) =>
    warnings.push({
      code: W.NOT_EXPRESSIBLE,
      message,
      ...(ir.workload && { workload: ir.workload }),
    });
  const spec: NetworkPolicy['spec'] = {
    podSelector: ir.subject,
    policyTypes: ['Ingress', 'Egress'],
  };
  const ingress = rulesOf(ir, ir.ingress, warn);
  const egress = rulesOf(ir, ir.egress, warn);
  const ing = ingress
    ? ingress.map((r) => (r.ports ? { from: r.peers, ports: r.ports } : { from: r.peers }))
    : [{}];
  const eg = egress
    ? egress.map((r) => (r.ports ? { to: r.peers, ports: r.ports } : { to: r.peers }))
    : [{}];
  if (ing.length > 0) spec.ingress = ing;
  if (eg.length > 0) spec.egress = eg;
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: ir.name, namespace: ir.namespace },
    spec,
  };
  const names = ipNamesText(namesByCidr(ir.ingress, ir.egress));
  if (names !== null) policy.metadata.annotations = { [NAMES_ANNOTATION]: names };
  return { policy, warnings };
}

export const k8sDialect: PolicyDialect<NetworkPolicy> = {
  ...namesOf('k8s'),
  emit(ir) {
    const { policy, warnings } = emitNetworkPolicy(ir);
    return { documents: [policy], warnings };
  },
  validate: validatePolicy,
  toYaml,
};
