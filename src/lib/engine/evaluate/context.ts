/**
 * The evaluation context and its prepared (indexed) form: namespace labels with the
 * `kubernetes.io/metadata.name` label added, normalised policies by namespace, pods by IP,
 * and the two implementation switches of SEMANTICS.md §5 (ipBlock vs pod IPs) and §8
 * (hostNetwork pods). Preparation is memoised per policy/namespace/pod array.
 */
import type { AdminPolicy } from '../model/admin-policy';
import type { NamespaceInfo, NetworkPolicy, PodInfo } from '../model/k8s';
import { DEFAULT_NAMESPACE, policyNormalize } from './normalize';
import { adminTiers, type AdminTiers } from './admin-order';

/**
 * How hostNetwork pods are treated (SEMANTICS.md §8): `node` = like the node IP (selectors
 * ignore them, policies never isolate them, ipBlocks of their IP match them; the behaviour of
 * most CNIs); `pod` = like any pod (netpol-analyzer's choice).
 */
export type HostNetworkMode = 'node' | 'pod';

/** Inputs of an evaluation. The arrays are indexed once and cached: treat them as immutable. */
export interface EvalContext {
  pods: PodInfo[];
  namespaces: NamespaceInfo[];
  policies: NetworkPolicy[];
  /** Whether ipBlock peers also match pods by their IPs (SEMANTICS.md §5). */
  ipBlockMatchesPods: boolean;
  /** hostNetwork pods: `node` (default) or `pod` (SEMANTICS.md §8). */
  hostNetwork?: HostNetworkMode;
  /** AdminNetworkPolicies, BaselineAdminNetworkPolicies and ClusterNetworkPolicies (DESIGN.md §5). */
  adminPolicies?: AdminPolicy[];
}

export interface PreparedContext {
  nsLabels: Map<string, Record<string, string>>;
  policiesByNs: Map<string, NetworkPolicy[]>;
  /** Non-hostNetwork pods by each of their IPs. */
  podByIp: Map<string, PodInfo>;
  ipBlockMatchesPods: boolean;
  hostNetwork: HostNetworkMode;
  /** The admin policies of each tier in evaluation order. */
  tiers: AdminTiers;
}

export const NS_NAME_LABEL = 'kubernetes.io/metadata.name';

const nsCache = new WeakMap<NamespaceInfo[], Map<string, Record<string, string>>>();
const policyCache = new WeakMap<NetworkPolicy[], Map<string, NetworkPolicy[]>>();
const podCache = new WeakMap<PodInfo[], Map<string, PodInfo>>();
const tierCache = new WeakMap<AdminPolicy[], AdminTiers>();
const NO_ADMIN: AdminPolicy[] = [];

function indexNamespaces(namespaces: NamespaceInfo[]): Map<string, Record<string, string>> {
  const map = new Map<string, Record<string, string>>();
  for (const ns of namespaces) {
    const labels: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(ns.labels ?? {})) labels[k] = v;
    // NOTE: the control plane sets this immutable label on every namespace (SEMANTICS.md §0).
    labels[NS_NAME_LABEL] = ns.name;
    map.set(ns.name, labels);
  }
  return map;
}

function indexPolicies(policies: NetworkPolicy[]): Map<string, NetworkPolicy[]> {
  const map = new Map<string, NetworkPolicy[]>();
  for (const raw of policies) {
    const p = policyNormalize(raw);
    const ns = p.metadata.namespace ?? DEFAULT_NAMESPACE;
    map.set(ns, [...(map.get(ns) ?? []), p]);
  }
  return map;
}

function indexPods(pods: PodInfo[]): Map<string, PodInfo> {
  const map = new Map<string, PodInfo>();
  for (const pod of pods) {
    if (pod.hostNetwork) continue;
    for (const ip of pod.ips) if (!map.has(ip)) map.set(ip, pod);
  }
  return map;
}

function memo<K extends object, V>(cache: WeakMap<K, V>, key: K, build: (k: K) => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = build(key);
    cache.set(key, v);
  }
  return v;
}

export function prepareContext(ctx: EvalContext): PreparedContext {
  return {
    nsLabels: memo(nsCache, ctx.namespaces, indexNamespaces),
    policiesByNs: memo(policyCache, ctx.policies, indexPolicies),
    podByIp: memo(podCache, ctx.pods, indexPods),
    ipBlockMatchesPods: ctx.ipBlockMatchesPods,
    hostNetwork: ctx.hostNetwork ?? 'node',
    tiers: memo(tierCache, ctx.adminPolicies ?? NO_ADMIN, adminTiers),
  };
}

/** A namespace's labels; a namespace the input does not define has only its name label. */
export function namespaceLabels(prep: PreparedContext, ns: string): Record<string, string> {
  const known = prep.nsLabels.get(ns);
  if (known) return known;
  const labels: Record<string, string> = Object.create(null);
  labels[NS_NAME_LABEL] = ns;
  return labels;
}
