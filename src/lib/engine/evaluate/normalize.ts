/**
 * NetworkPolicy defaulting before evaluation (SEMANTICS.md §1, kubernetes
 * pkg/apis/networking/v1/defaults.go): policyTypes, port protocols, namespace, podSelector.
 */
import type { NetworkPolicy, NetworkPolicyPort } from '../model/k8s';

export const DEFAULT_NAMESPACE = 'default';

function normalizePorts(ports: NetworkPolicyPort[] | undefined): NetworkPolicyPort[] | undefined {
  return ports?.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
}

/**
 * A copy of `p` with the apiserver's defaults applied: `policyTypes` empty or absent ⇒
 * `Ingress`, plus `Egress` iff `spec.egress` is non-empty; port protocol ⇒ TCP; namespace ⇒
 * `default`; absent podSelector ⇒ `{}`. The input is not modified.
 */
export function policyNormalize(p: NetworkPolicy): NetworkPolicy {
  const spec = p.spec ?? { podSelector: {} };
  const ingress = spec.ingress?.map((r) => ({ ...r, ports: normalizePorts(r.ports) }));
  const egress = spec.egress?.map((r) => ({ ...r, ports: normalizePorts(r.ports) }));
  // NOTE: `egress: []` without policyTypes does not make a policy egress-isolating (defaults.go).
  const policyTypes: ('Ingress' | 'Egress')[] =
    spec.policyTypes && spec.policyTypes.length > 0
      ? [...spec.policyTypes]
      : (egress ?? []).length > 0
        ? ['Ingress', 'Egress']
        : ['Ingress'];
  return {
    ...p,
    metadata: { ...p.metadata, namespace: p.metadata?.namespace || DEFAULT_NAMESPACE },
    spec: {
      ...spec,
      podSelector: spec.podSelector ?? {},
      policyTypes,
      ...(ingress ? { ingress } : {}),
      ...(egress ? { egress } : {}),
    },
  };
}

/** `namespace/name` of a (normalised) policy. */
export function policyKey(p: NetworkPolicy): string {
  return `${p.metadata.namespace ?? DEFAULT_NAMESPACE}/${p.metadata.name}`;
}
