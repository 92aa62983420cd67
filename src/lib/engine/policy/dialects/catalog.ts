/**
 * The dialects' names, without their emitters and validators: what the main thread needs for
 * the Policy dialect combobox (the registry, index.ts, pulls in every CRD validator and belongs
 * in the worker and the CLI). Each dialect takes its names from here; a test holds the registry
 * and this list to the same ids in the same order.
 */
export interface DialectNames {
  /** The `--dialect` value and the suffix of download names (`shop-namespace-k8s.yaml`). */
  id: string;
  /** For people: the Policy dialect combobox's option (Kubernetes, Cilium, …). */
  short: string;
  /** For people, in full: the CLI help, messages. */
  label: string;
}

export const DIALECT_NAMES = [
  { id: 'k8s', short: 'Kubernetes', label: 'Kubernetes NetworkPolicy (networking.k8s.io/v1)' },
  { id: 'cilium', short: 'Cilium', label: 'CiliumNetworkPolicy (cilium.io/v2)' },
  { id: 'calico', short: 'Calico', label: 'Calico NetworkPolicy (projectcalico.org/v3)' },
  {
    id: 'calico-staged',
    short: 'Calico staged',
    label: 'Calico StagedNetworkPolicy (projectcalico.org/v3, audit only)',
  },
] as const satisfies readonly DialectNames[];

export type DialectId = (typeof DIALECT_NAMES)[number]['id'];

/** The default dialect: the Kubernetes NetworkPolicy every CNI enforces. */
export const DEFAULT_DIALECT: DialectId = 'k8s';

/** The names of dialect `id`. */
export function namesOf(id: DialectId): DialectNames {
  return DIALECT_NAMES.find((d) => d.id === id)!;
}

/** Whether `id` names a dialect. */
export function isDialectId(id: string): id is DialectId {
  return DIALECT_NAMES.some((d) => d.id === id);
}
