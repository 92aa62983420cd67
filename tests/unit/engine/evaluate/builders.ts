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
