/**
 * What the inventory says about the entities of the picture, for the hover card: a workload's
 * pod labels (volatile ones dropped), its declared container ports and the Services selecting
 * its pods; a Service's labels and ports. Keyed by topology node id. Pure; label keys from input
 * are only read as own properties.
 */
import {
  VOLATILE_LABELS,
  workloadKey,
  type Inventory,
  type PodInfo,
  type ServiceInfo,
  type WorkloadInfo,
} from '$lib/engine';
import { compare, comparePorts } from './order';
import { serviceId } from './ids';
import type { NodeDetails } from './types';

export interface EntityFacts {
  labels: [string, string][];
  ports: string[];
  services: string[];
}

const VOLATILE = new Set(VOLATILE_LABELS);

export function emptyDetails(): NodeDetails {
  return {
    labels: [],
    ports: [],
    services: [],
    flowsOut: 0,
    flowsIn: 0,
    firstSeen: null,
    lastSeen: null,
  };
}

/** Adds the inventory's facts to a node's details; every list ends sorted and unique. */
export function mergeFacts(d: NodeDetails, f: EntityFacts | undefined): void {
  if (f) {
    const labels = new Map(d.labels);
    for (const [k, v] of f.labels) if (!labels.has(k)) labels.set(k, v);
    d.labels = [...labels];
    d.ports = [...d.ports, ...f.ports];
    d.services = [...d.services, ...f.services];
  }
  d.labels.sort((x, y) => compare(x[0], y[0]));
  d.ports = [...new Set(d.ports)].sort(comparePorts);
  d.services = [...new Set(d.services)].sort(compare);
}

/** Facts for every workload and Service of the inventory (optionally of some namespaces only). */
export function factsFromInventory(
  inv: Inventory,
  namespaces?: ReadonlySet<string>,
): Map<string, EntityFacts> {
  const keep = (ns: string) => !namespaces || namespaces.has(ns);
  const out = new Map<string, EntityFacts>();
  const pods = inv.pods.filter((p) => keep(p.namespace));
  for (const w of inv.workloads) if (keep(w.namespace)) addWorkload(out, w);
  for (const p of pods) addPod(out, p);
  for (const s of inv.services) if (keep(s.namespace)) addService(out, s, pods);
  return out;
}

function factsOf(out: Map<string, EntityFacts>, id: string): EntityFacts {
  let f = out.get(id);
  if (!f) {
    f = { labels: [], ports: [], services: [] };
    out.set(id, f);
  }
  return f;
}

function ownerId(p: PodInfo): string {
  return `workload:${workloadKey(p.owner.kind, p.namespace, p.owner.name)}`;
}

/** A workload's pod template: what its pods carry even when the dump has none of them. */
function addWorkload(out: Map<string, EntityFacts>, w: WorkloadInfo): void {
  const f = factsOf(out, `workload:${workloadKey(w)}`);
  f.labels = stableLabels(w.templateLabels ?? {});
  f.ports = (w.templateContainerPorts ?? []).map((c) => `${c.containerPort}/${c.protocol}`);
}

function addPod(out: Map<string, EntityFacts>, p: PodInfo): void {
  const f = factsOf(out, ownerId(p));
  for (const [k, v] of stableLabels(p.labels)) {
    if (!f.labels.some(([key]) => key === k)) f.labels.push([k, v]);
  }
  for (const c of p.containerPorts) {
    const port = `${c.containerPort}/${c.protocol}`;
    if (!f.ports.includes(port)) f.ports.push(port);
  }
}

function addService(out: Map<string, EntityFacts>, s: ServiceInfo, pods: PodInfo[]): void {
  const name = `${s.namespace}/${s.name}`;
  const f = factsOf(out, serviceId(name));
  f.labels = stableLabels(s.labels ?? {});
  f.ports = s.ports.map((p) => `${p.port}/${p.protocol}`);
  const selector = s.selector;
  if (!selector || Object.keys(selector).length === 0) return;
  for (const p of pods) {
    if (p.namespace !== s.namespace || !selects(selector, p.labels)) continue;
    const w = factsOf(out, ownerId(p));
    if (!w.services.includes(name)) w.services.push(name);
  }
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.keys(selector).every((k) => Object.hasOwn(labels, k) && labels[k] === selector[k]);
}

function stableLabels(labels: Record<string, string>): [string, string][] {
  return Object.keys(labels)
    .filter((k) => !VOLATILE.has(k))
    .sort(compare)
    .map((k): [string, string] => [k, String(labels[k])]);
}
