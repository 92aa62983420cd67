/**
 * Typed builders for small evaluator scenarios: pods, namespaces, policies, contexts.
 * Test helper only.
 */
import type {
  ContainerPort,
  NamespaceInfo,
  NetworkPolicy,
  PodInfo,
} from '../../../../src/lib/engine/model/k8s';
import type { EvalContext, EvalPeer } from '../../../../src/lib/engine/evaluate/index';
import type { AdminPolicy, AdminRule } from '../../../../src/lib/engine/model/admin-policy';

export interface PodOptions {
  ips?: string[];
  ports?: ContainerPort[];
  hostNetwork?: boolean;
  hostIP?: string;
}

export function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  opts: PodOptions = {},
): PodInfo {
  const p: PodInfo = {
    namespace,
    name,
    labels,
    ips: opts.ips ?? [],
    hostNetwork: opts.hostNetwork ?? false,
    owner: { kind: 'Pod', name },
    ownerChain: [],
    containerPorts: opts.ports ?? [],
  };
  if (opts.hostIP !== undefined) p.hostIP = opts.hostIP;
  return p;
}

export function ns(name: string, labels: Record<string, string> = {}): NamespaceInfo {
  return { name, labels };
}

export function netpol(
  namespace: string,
  name: string,
  spec: Partial<NetworkPolicy['spec']>,
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: {}, ...spec },
  };
}

export function context(
  pods: PodInfo[],
  policies: NetworkPolicy[],
  extra: Partial<EvalContext> = {},
): EvalContext {
  return { pods, policies, namespaces: [], ipBlockMatchesPods: false, ...extra };
}

export const asPeer = (p: PodInfo): EvalPeer => ({ kind: 'pod', pod: p });
export const ipPeer = (ip: string): EvalPeer => ({ kind: 'ip', ip });

/** An admin policy (Admin tier unless it is a BaselineAdminNetworkPolicy or says otherwise). */
export function adminPolicy(
  name: string,
  p: Partial<Omit<AdminPolicy, 'name'>> & Pick<AdminPolicy, 'subject'>,
): AdminPolicy {
  const kind = p.kind ?? 'AdminNetworkPolicy';
  return {
    kind,
    name,
    tier: p.tier ?? (kind === 'BaselineAdminNetworkPolicy' ? 'Baseline' : 'Admin'),
    priority: p.priority ?? 0,
    subject: p.subject,
    ingress: p.ingress ?? [],
    egress: p.egress ?? [],
  };
}

/** A rule with a name, an action, peers and (optionally) ports. */
export function adminRule(
  name: string,
  action: AdminRule['action'],
  peers: AdminRule['peers'],
  ports?: AdminRule['ports'],
): AdminRule {
  return ports ? { name, action, peers, ports } : { name, action, peers };
}

export const inNamespace = (name: string) => ({
  namespaces: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});
