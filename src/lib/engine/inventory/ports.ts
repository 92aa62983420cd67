/**
 * Ports: a Service port → the destination pod's port (targetPort, named ones through the
 * backing pods' containerPorts or the Service's endpoints, protocol included), and whether a
 * port is a server port at an address (used to tell client from server when a format says
 * nothing about who initiated).
 */
import { normalizeIp } from '../model/address';
import type { PodInfo, ServiceInfo, ServicePort } from '../model/k8s';
import { backingPods, hasSelector } from './backing';
import type { InventoryIndex } from './inventory-index';
import { mapSelects } from '../model/labels';
import type { ResolvedEndpoint } from './resolve';

/** Common server ports at or above 1024 (databases, brokers, web/admin, Kubernetes). */
export const WELL_KNOWN_SERVER_PORTS: readonly number[] = [
  1433, 1521, 2049, 2379, 2380, 3000, 3306, 4222, 4317, 4318, 5000, 5044, 5432, 5601, 5672, 6379,
  6443, 7000, 7001, 8000, 8008, 8080, 8081, 8443, 8888, 9000, 9042, 9090, 9092, 9093, 9100, 9200,
  9300, 9443, 10250, 11211, 15672, 27017,
];

const WELL_KNOWN = new Set(WELL_KNOWN_SERVER_PORTS);

function named(pod: PodInfo, name: string, protocol: string): number | undefined {
  return pod.containerPorts.find((c) => c.name === name && c.protocol === protocol)?.containerPort;
}

function fromPods(pods: readonly PodInfo[], sp: ServicePort): number | undefined {
  for (const p of pods) {
    const n = named(p, sp.targetPort as string, sp.protocol);
    if (n !== undefined) return n;
  }
  return undefined;
}

function fromEndpoints(idx: InventoryIndex, svc: ServiceInfo, sp: ServicePort): number | undefined {
  for (const e of idx.endpointsByService.get(`${svc.namespace}/${svc.name}`) ?? []) {
    for (const s of e.subsets) {
      const ep = s.ports.find((p) => p.name === sp.name && p.protocol === sp.protocol);
      if (ep !== undefined) return ep.port;
    }
  }
  return undefined;
}

/**
 * The port a Service port forwards to: a number as is; a name through `pods` (the pod the
 * flow reached), then the Service's endpoints, then — with `anyBacking` — any backing pod.
 */
function targetOf(
  idx: InventoryIndex,
  svc: ServiceInfo,
  sp: ServicePort,
  pods: readonly PodInfo[],
  anyBacking: boolean,
): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  return (
    fromPods(pods, sp) ??
    fromEndpoints(idx, svc, sp) ??
    (anyBacking ? fromPods(backingPods(idx, svc), sp) : undefined)
  );
}

/**
 * The destination pod's port for a flow to `port`: when the address was a Service address,
 * NOTE: kube-proxy forwards Service port → targetPort (a name is looked up in the chosen
 * pod's containerPorts with the same protocol); otherwise the port is already the pod's.
 */
export function resolveServerPort(
  idx: InventoryIndex,
  server: ResolvedEndpoint,
  port: number,
  protocol: string,
): number {
  const svc = server.viaService;
  if (svc === undefined || server.addressedToService !== true) return port;
  const proto = protocol.toUpperCase();
  const sp = svc.ports.find((p) => p.port === port && p.protocol === proto);
  if (sp === undefined) return port;
  const pods = server.pod !== undefined ? [server.pod] : [];
  return targetOf(idx, svc, sp, pods, true) ?? port;
}

function servicesOfPod(idx: InventoryIndex, pod: PodInfo): ServiceInfo[] {
  let found = idx.memo.podServices.get(pod);
  if (found === undefined) {
    found = idx.inventory.services.filter(
      (s) => s.namespace === pod.namespace && hasSelector(s) && mapSelects(s.selector, pod.labels),
    );
    idx.memo.podServices.set(pod, found);
  }
  return found;
}

function podServes(idx: InventoryIndex, pod: PodInfo, port: number, proto: string): boolean {
  if (pod.containerPorts.some((c) => c.containerPort === port && c.protocol === proto)) return true;
  return servicesOfPod(idx, pod).some((s) =>
    s.ports.some((sp) => sp.protocol === proto && targetOf(idx, s, sp, [pod], false) === port),
  );
}

/**
 * Every port isKnownServerPort can find in the dump: containerPorts, Service ports, numbered
 * targetPorts, nodePorts and the ports of Endpoints (a named targetPort resolves to a
 * containerPort or an Endpoints port). Built once per index.
 */
export function serverPortCandidates(idx: InventoryIndex): Set<number> {
  const known = idx.memo.serverPorts;
  if (known !== undefined) return known;
  const ports = new Set<number>();
  for (const p of idx.inventory.pods) for (const c of p.containerPorts) ports.add(c.containerPort);
  for (const s of idx.inventory.services) {
    for (const sp of s.ports) {
      ports.add(sp.port);
      if (typeof sp.targetPort === 'number') ports.add(sp.targetPort);
      if (sp.nodePort !== undefined) ports.add(sp.nodePort);
    }
  }
  for (const list of idx.endpointsByService.values()) {
    for (const e of list) for (const s of e.subsets) for (const p of s.ports) ports.add(p.port);
  }
  idx.memo.serverPorts = ports;
  return ports;
}

/**
 * Whether `port` is a server port at `ip`: a containerPort of a pod there, a port or
 * targetPort of a Service there, a nodePort on a node, or a well-known server port
 * (below 1024, or WELL_KNOWN_SERVER_PORTS).
 */
export function isKnownServerPort(
  idx: InventoryIndex,
  ip: string | undefined,
  port: number,
  protocol: string,
): boolean {
  if (port > 0 && (port < 1024 || WELL_KNOWN.has(port))) return true;
  if (ip === undefined || ip === '') return false;
  // Most ports asked about are clients' ephemeral ones, which no object of the dump names.
  if (!serverPortCandidates(idx).has(port)) return false;
  const key = normalizeIp(ip);
  const proto = protocol.toUpperCase();
  // Loops, not `some` with a closure: this runs for many records (a client's port that a
  // Service or container of the dump also names).
  const pods = idx.podsByAnyIp.get(key);
  if (pods !== undefined) for (const p of pods) if (podServes(idx, p, port, proto)) return true;
  const svc = idx.servicesByIp.get(key);
  if (svc !== undefined)
    for (const p of svc.ports) if (p.protocol === proto && p.port === port) return true;
  return (
    idx.nodesByIp.has(key) &&
    idx.inventory.services.some((s) =>
      s.ports.some((p) => p.nodePort === port && p.protocol === proto),
    )
  );
}
