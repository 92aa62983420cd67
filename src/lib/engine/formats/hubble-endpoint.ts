/**
 * Hubble `Endpoint` objects → EndpointMeta: namespace, pod, workload, Cilium identity, cluster,
 * and pod labels cleaned of Cilium's own additions. Label maps are memoised per identity
 * (a Cilium identity is allocated per label set), which keeps the hot path allocation-light;
 * the byte path also keeps the whole conversion of each endpoint object it shares.
 */
import type { EndpointMeta } from '../model/flow';
import { isObject, str } from './common';

/** Cached label conversion for one identity, checked against the raw list it came from. */
interface LabelEntry {
  raw: unknown[];
  labels: Record<string, string> | undefined;
  kind: EndpointMeta['kind'];
  /** `k8s:io.kubernetes.pod.namespace`: the namespace of an endpoint reported without one. */
  namespace: string | undefined;
}

export type LabelCache = Map<string, LabelEntry>;

const LABEL_CACHE_LIMIT = 20_000;

export function createLabelCache(): LabelCache {
  return new Map();
}

const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/**
 * NOTE: Cilium prefixes labels with their source (`k8s:`, `reserved:`, `cidr:`, `fqdn:`…,
 * see cilium pkg/labels). Only `k8s:` labels are pod labels, and among them
 * `io.kubernetes.pod.namespace` and `io.cilium.*` are injected by Cilium, not set on the pod.
 */
function podLabel(raw: string): [string, string] | null {
  const eq = raw.indexOf('=');
  const colon = raw.indexOf(':');
  let body = raw;
  if (colon >= 0 && (eq < 0 || colon < eq)) {
    if (!raw.startsWith('k8s:')) return null;
    body = raw.slice(4);
  }
  const e = body.indexOf('=');
  const key = e < 0 ? body : body.slice(0, e);
  if (key === '' || key.startsWith('io.cilium.') || key === NAMESPACE_LABEL) return null;
  return [key, e < 0 ? '' : body.slice(e + 1)];
}

const RESERVED_KIND: Record<string, EndpointMeta['kind']> = {
  'reserved:host': 'host',
  'reserved:remote-node': 'node',
  'reserved:world': 'world',
  'reserved:world-ipv4': 'world',
  'reserved:world-ipv6': 'world',
};

function convertLabels(raw: unknown[]): LabelEntry {
  let labels: Record<string, string> | undefined;
  let kind: EndpointMeta['kind'];
  let namespace: string | undefined;
  for (const l of raw) {
    if (typeof l !== 'string') continue;
    if (l.startsWith(`k8s:${NAMESPACE_LABEL}=`)) namespace = l.slice(NAMESPACE_LABEL.length + 5);
    const reserved = RESERVED_KIND[l];
    if (reserved && kind !== 'world') kind = reserved;
    const kv = podLabel(l);
    if (!kv) continue;
    labels ??= Object.create(null) as Record<string, string>;
    labels[kv[0]] = kv[1];
  }
  return { raw, labels, kind, namespace: namespace || undefined };
}

function sameList(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function labelsFor(cache: LabelCache, key: string, raw: unknown[]): LabelEntry {
  const hit = cache.get(key);
  if (hit && sameList(hit.raw, raw)) return hit;
  const entry = convertLabels(raw);
  if (cache.size >= LABEL_CACHE_LIMIT) cache.clear();
  cache.set(key, entry);
  return entry;
}

/** Cilium reserved identities (pkg/identity/numericidentity.go) that tell the endpoint kind. */
const IDENTITY_KIND: Record<number, EndpointMeta['kind']> = {
  1: 'host',
  2: 'world',
  6: 'node',
  9: 'world',
  10: 'world',
};

/** What an Endpoint object alone says (the flow adds node, Service and DNS names). */
interface EndpointCore {
  meta: EndpointMeta;
  /** The endpoint has an `ID`: it is local to the observing node. */
  local: boolean;
  /**
   * The meta hubbleEndpoint last built from this core (undefined until then), and the node (or
   * undefined when not local), Service and names it was built with: a flow bringing the same
   * values (the byte path shares each value object between the flows repeating it) gets the
   * same meta — never written to once built —, not a copy (65% of the bench capture's).
   */
  last: EndpointMeta | undefined;
  lastNode: string | undefined;
  lastService: unknown;
  lastNames: unknown;
}

/** Cores of endpoint objects that the byte path shares between the flows repeating them. */
const CORES = new WeakMap<object, EndpointCore>();

function endpointCore(ep: Record<string, unknown>, cache: LabelCache): EndpointCore {
  const m: EndpointMeta = {};
  const ns = str(ep.namespace);
  if (ns) m.namespace = ns;
  const pod = str(ep.pod_name ?? ep.podName);
  if (pod) m.pod = pod;
  const identity = typeof ep.identity === 'number' ? ep.identity : undefined;
  if (identity !== undefined) m.identity = identity;
  const cluster = str(ep.cluster_name ?? ep.clusterName);
  if (cluster) m.cluster = cluster;
  if (Array.isArray(ep.labels) && ep.labels.length > 0) {
    const entry = labelsFor(cache, `${cluster ?? ''}/${identity ?? ns ?? ''}`, ep.labels);
    if (entry.labels) m.labels = entry.labels;
    if (entry.kind) m.kind = entry.kind;
    // Proxied traffic: Cilium reports the identity (namespace label + pod labels) without the pod.
    if (!m.namespace && entry.namespace) m.namespace = entry.namespace;
  }
  if (pod) m.kind = 'pod';
  else if (!m.kind && identity !== undefined && IDENTITY_KIND[identity])
    m.kind = IDENTITY_KIND[identity];
  addWorkload(m, ep.workloads);
  return {
    meta: m,
    local: ep.ID !== undefined,
    last: undefined,
    lastNode: undefined,
    lastService: undefined,
    lastNames: undefined,
  };
}

/**
 * Remembers the core of an endpoint object that will be passed again (the byte path's memo):
 * the object must not change afterwards.
 */
export function keepEndpointCore(ep: unknown, cache: LabelCache): void {
  if (isObject(ep)) CORES.set(ep, endpointCore(ep, cache));
}

/** A copy in the order endpointCore sets the fields (explicit: spreading varied shapes is slow). */
function copyMeta(c: EndpointMeta): EndpointMeta {
  const m: EndpointMeta = {};
  if (c.namespace !== undefined) m.namespace = c.namespace;
  if (c.pod !== undefined) m.pod = c.pod;
  if (c.identity !== undefined) m.identity = c.identity;
  if (c.cluster !== undefined) m.cluster = c.cluster;
  if (c.labels !== undefined) m.labels = c.labels;
  if (c.kind !== undefined) m.kind = c.kind;
  if (c.workloadName !== undefined) m.workloadName = c.workloadName;
  if (c.workloadKind !== undefined) m.workloadKind = c.workloadKind;
  return m;
}

/**
 * Builds EndpointMeta from a Hubble Endpoint (snake_case or camelCase) and the flow's Service
 * and DNS names for it; `node` (the observing node) goes on endpoints local to it, those with
 * an endpoint `ID`. Undefined when empty.
 */
export function hubbleEndpoint(
  ep: unknown,
  service: unknown,
  names: unknown,
  node: string | undefined,
  cache: LabelCache,
): EndpointMeta | undefined {
  if (!isObject(ep)) return serviceOnly(service, names);
  const kept = CORES.get(ep);
  if (kept === undefined) {
    const core = endpointCore(ep, cache);
    if (node && core.local) core.meta.node = node;
    addServiceAndNames(core.meta, service, names);
    return core.meta;
  }
  const at = kept.local && node ? node : undefined;
  const last = kept.last;
  if (
    last !== undefined &&
    kept.lastNode === at &&
    kept.lastService === service &&
    kept.lastNames === names
  ) {
    return last;
  }
  const m = copyMeta(kept.meta);
  if (at !== undefined) m.node = at;
  addServiceAndNames(m, service, names);
  kept.last = m;
  kept.lastNode = at;
  kept.lastService = service;
  kept.lastNames = names;
  return m;
}

function addWorkload(m: EndpointMeta, workloads: unknown): void {
  if (!Array.isArray(workloads)) return;
  const w: unknown = workloads[0];
  if (!isObject(w)) return;
  const name = str(w.name);
  const kind = str(w.kind);
  if (name) m.workloadName = name;
  if (kind) m.workloadKind = kind;
}

function addServiceAndNames(m: EndpointMeta, svc: unknown, names: unknown): void {
  if (isObject(svc)) {
    const name = str(svc.name);
    const namespace = str(svc.namespace);
    if (name) m.service = { namespace: namespace ?? m.namespace ?? '', name };
  }
  if (Array.isArray(names)) {
    const kept = names.filter((n): n is string => typeof n === 'string' && n !== '');
    if (kept.length > 0) m.names = kept;
  }
}

function serviceOnly(service: unknown, names: unknown): EndpointMeta | undefined {
  const m: EndpointMeta = {};
  addServiceAndNames(m, service, names);
  return m.service || m.names ? m : undefined;
}
