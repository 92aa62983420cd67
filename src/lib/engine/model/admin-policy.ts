/**
 * Cluster-scoped admin policies, normalised: AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (policy.networking.k8s.io/v1alpha1) and ClusterNetworkPolicy (v1alpha2, tier Admin or
 * Baseline) share one plain shape. `inventory/admin-policies.ts` builds it from objects;
 * `evaluate/` applies it in the tier order of DESIGN.md §5. Plain data (stored in IndexedDB).
 */
import type { LabelSelector } from './k8s';

export type AdminPolicyKind =
  'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';

/** Admin is evaluated before NetworkPolicies, Baseline after them. */
export type AdminTier = 'Admin' | 'Baseline';

/** The effect of a rule. ClusterNetworkPolicy's `Accept` is read as `Allow`. */
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export interface NamespacedPodSelector {
  namespaceSelector: LabelSelector;
  podSelector: LabelSelector;
}

/** Exactly one field (the API's `subject`). */
export type AdminSubject = { namespaces: LabelSelector } | { pods: NamespacedPodSelector };

/**
 * One rule peer. `nodes` and `domainNames` are kept to be reported: they are not evaluated
 * (they match no endpoint).
 */
export type AdminPeer =
  | { namespaces: LabelSelector }
  | { pods: NamespacedPodSelector }
  | { networks: string[] }
  | { nodes: LabelSelector }
  | { domainNames: string[] };

/** One port match: a number, an inclusive range, or a container port name of the destination. */
export type AdminPort =
  | { protocol: string; port: number }
  | { protocol: string; start: number; end: number }
  | { namedPort: string };

export interface AdminRule {
  /** The rule's name; '' when it has none (explanations then use `#<index>`). */
  name: string;
  action: AdminAction;
  peers: AdminPeer[];
  /** Absent: every protocol and port. */
  ports?: AdminPort[];
  /**
   * A malformed rule (reported as an error). It is evaluated fail-closed, as the API asks of
   * implementations: an Allow rule matches nothing, a Deny or Pass rule denies everything.
   */
  invalid?: true;
}

export interface AdminPolicy {
  kind: AdminPolicyKind;
  name: string;
  tier: AdminTier;
  /** Lower first within a tier; a BaselineAdminNetworkPolicy has 0. */
  priority: number;
  /** Null when malformed (reported): the policy then selects no pod. */
  subject: AdminSubject | null;
  ingress: AdminRule[];
  egress: AdminRule[];
  /** Where the object was read (for diagnostics found later). */
  source?: { file: string; line: number | null };
}
