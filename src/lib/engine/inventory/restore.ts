/**
 * restoreInventory: an Inventory that comes back from outside (a session file, an old stored
 * row) checked field by field and normalised. Entries of the wrong shape are dropped and
 * counted; NetworkPolicies pass the same fail-closed reader as a dump's (a malformed part
 * allows nothing); label maps come back prototype-free; admin policies are checked as the
 * dump reader checks them (admin-restore.ts: a malformed one is left out with a message, a
 * malformed rule is kept and read fail-closed). A whole inventory is refused only when it is
 * not one at all.
 */
import type {
  ContainerPort,
  Inventory,
  NamespaceInfo,
  NodeInfo,
  OwnerRef,
  PodInfo,
  ServiceEndpoints,
  ServiceInfo,
  ServicePort,
  WorkloadInfo,
} from '../model/k8s';
import { isRec, type Rec } from './fields';
import { readLabelSelector } from './labels';
import { readNetworkPolicy } from './network-policies';
import { restoreAdminPolicies } from './admin-restore';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const port = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
};

function labels(v: unknown): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (isRec(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Elements restored one by one; `dropped.n` counts those that were not restorable. */
function list<T>(v: unknown, restore: (x: Rec) => T | null, dropped: { n: number }): T[] {
  if (!Array.isArray(v)) {
    if (v !== undefined) dropped.n++;
    return [];
  }
  return v.flatMap((x) => {
    const r = isRec(x) ? restore(x) : null;
    if (r === null) dropped.n++;
    return r === null ? [] : [r];
  });
}

function owner(x: unknown): OwnerRef | null {
  const kind = isRec(x) ? str(x.kind) : undefined;
  const name = isRec(x) ? str(x.name) : undefined;
  return kind && name ? { kind, name } : null;
}

function containerPorts(v: unknown, dropped: { n: number }): ContainerPort[] {
  return list(
    v,
    (x) => {
      const p = port(x.containerPort);
      const protocol = str(x.protocol) ?? 'TCP';
      if (p === undefined) return null;
      return {
        containerPort: p,
        protocol,
        ...(str(x.name) !== undefined && { name: str(x.name) }),
      };
    },
    dropped,
  );
}

function optional<K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

function pod(x: Rec, d: { n: number }): PodInfo | null {
  const [namespace, name, own] = [str(x.namespace), str(x.name), owner(x.owner)];
  if (!namespace || !name || !own) return null;
  return {
    namespace,
    name,
    ips: strs(x.ips),
    hostNetwork: x.hostNetwork === true,
    labels: labels(x.labels),
    owner: own,
    ownerChain: list(x.ownerChain, owner, d),
    containerPorts: containerPorts(x.containerPorts, d),
    ...optional('uid', str(x.uid)),
    ...optional('nodeName', str(x.nodeName)),
    ...optional('hostIP', str(x.hostIP)),
    ...optional('phase', str(x.phase)),
    ...optional('startTime', num(x.startTime)),
    ...optional('endTime', num(x.endTime)),
  };
}

function workload(x: Rec, d: { n: number }): WorkloadInfo | null {
  const [kind, namespace, name] = [str(x.kind), str(x.namespace), str(x.name)];
  if (!kind || !namespace || !name) return null;
  const sel = x.selector === undefined ? undefined : readLabelSelector(x.selector);
  if (sel?.malformed) return null;
  return {
    kind,
    namespace,
    name,
    ...optional('selector', sel?.selector),
    ...(x.templateLabels !== undefined && { templateLabels: labels(x.templateLabels) }),
    ...(x.templateContainerPorts !== undefined && {
      templateContainerPorts: containerPorts(x.templateContainerPorts, d),
    }),
    ...(x.labels !== undefined && { labels: labels(x.labels) }),
    ...optional('owner', owner(x.owner) ?? undefined),
    ...(x.synthesized === true && { synthesized: true }),
  };
}

function servicePort(x: Rec): ServicePort | null {
  const p = port(x.port);
  const target = typeof x.targetPort === 'string' ? x.targetPort : port(x.targetPort);
  if (p === undefined || target === undefined) return null;
  return {
    port: p,
    targetPort: target,
    protocol: str(x.protocol) ?? 'TCP',
    ...optional('name', str(x.name)),
    ...optional('nodePort', port(x.nodePort)),
  };
}

function service(x: Rec, d: { n: number }): ServiceInfo | null {
  const [namespace, name] = [str(x.namespace), str(x.name)];
  if (!namespace || !name) return null;
  return {
    namespace,
    name,
    type: str(x.type) ?? 'ClusterIP',
    clusterIPs: strs(x.clusterIPs),
    externalIPs: strs(x.externalIPs),
    loadBalancerIPs: strs(x.loadBalancerIPs),
    headless: x.headless === true,
    ports: list(x.ports, servicePort, d),
    ...(x.selector !== undefined && { selector: labels(x.selector) }),
    ...(x.labels !== undefined && { labels: labels(x.labels) }),
  };
}

function node(x: Rec, d: { n: number }): NodeInfo | null {
  const name = str(x.name);
  if (!name) return null;
  const address = (a: Rec) => {
    const [type, addr] = [str(a.type), str(a.address)];
    return type && addr ? { type, address: addr } : null;
  };
  return {
    name,
    addresses: list(x.addresses, address, d),
    podCIDRs: strs(x.podCIDRs),
    ...(x.labels !== undefined && { labels: labels(x.labels) }),
    ...(x.synthesized === true && { synthesized: true }),
  };
}

function namespace(x: Rec): NamespaceInfo | null {
  const name = str(x.name);
  if (!name) return null;
  return { name, labels: labels(x.labels), ...(x.synthesized === true && { synthesized: true }) };
}

function endpoints(x: Rec, d: { n: number }): ServiceEndpoints | null {
  const [kind, ns, name, svc] = [str(x.kind), str(x.namespace), str(x.name), str(x.service)];
  if ((kind !== 'Endpoints' && kind !== 'EndpointSlice') || !ns || !name || !svc) return null;
  const address = (a: Rec) => {
    const ip = str(a.ip);
    if (!ip) return null;
    const ref = isRec(a.targetRef) ? a.targetRef : undefined;
    const [rk, rn, rname] = [str(ref?.kind), str(ref?.namespace), str(ref?.name)];
    return {
      ip,
      ready: a.ready !== false,
      ...optional('nodeName', str(a.nodeName)),
      ...(rk && rn && rname && { targetRef: { kind: rk, namespace: rn, name: rname } }),
    };
  };
  const subsetPort = (p: Rec) => {
    const n = port(p.port);
    return n === undefined
      ? null
      : { port: n, protocol: str(p.protocol) ?? 'TCP', ...optional('name', str(p.name)) };
  };
  const subsets = list(
    x.subsets,
    (s) => ({ addresses: list(s.addresses, address, d), ports: list(s.ports, subsetPort, d) }),
    d,
  );
  return { kind, namespace: ns, name, service: svc, subsets };
}

/**
 * The restored inventory, how many entries were dropped, and a sentence for each admin policy
 * left out or rule read fail-closed (admin-restore.ts); null when it is not an inventory.
 */
export function restoreInventory(
  v: unknown,
): { inventory: Inventory; dropped: number; problems: string[] } | null {
  if (!isRec(v) || typeof v.cluster !== 'string') return null;
  const d = { n: 0 };
  const problems: string[] = [];
  const admin = restoreAdminPolicies(v.adminPolicies, problems);
  d.n += admin.dropped;
  const adminPolicies = admin.policies;
  const networkPolicies = list(
    v.networkPolicies,
    (p) => {
      const meta = isRec(p.metadata) ? p.metadata : {};
      return readNetworkPolicy({ ...p, metadata: meta }).policy ?? null;
    },
    d,
  );
  const inventory: Inventory = {
    cluster: v.cluster,
    pods: list(v.pods, (x) => pod(x, d), d),
    workloads: list(v.workloads, (x) => workload(x, d), d),
    services: list(v.services, (x) => service(x, d), d),
    nodes: list(v.nodes, (x) => node(x, d), d),
    namespaces: list(v.namespaces, namespace, d),
    networkPolicies,
    ...(v.endpoints !== undefined && { endpoints: list(v.endpoints, (x) => endpoints(x, d), d) }),
    ...(adminPolicies.length > 0 && { adminPolicies }),
  };
  return { inventory, dropped: d.n, problems };
}
