/**
 * Stable string keys for endpoints, peers and aggregated communications. Keys are what
 * merging, sorting and the UI's include/exclude decisions compare, so they never change shape.
 */
import { workloadKey, type CommKey } from '../model/ids';
import type { Endpoint, Peer, WorkloadRef } from '../model/communication';
import { describeLabels } from '../inventory/identity';

/**
 * `workload:Kind/ns/name`, `node:name@ip` or `ip:addr` — `ip:addr#ns{k=v,…}` for an IP that
 * came with a Cilium identity no workload matched (one per identity behind the address).
 */
export function endpointKey(e: Endpoint | Peer): string {
  // By its parts: endpoints and the inventory's references have other shapes (one call site
  // of workloadKey's object form seeing both is code thrown away and compiled again).
  if (e.type === 'workload') return `workload:${workloadKey(e.kind, e.namespace, e.name)}`;
  if (e.type === 'node') return `node:${e.name}@${e.ip}`;
  const id = e.identity;
  return id ? `ip:${e.ip}#${id.namespace}{${describeLabels(id.labels)}}` : `ip:${e.ip}`;
}

/**
 * Endpoint keys memoised on their parts. The parts are strings the inventory (or the reader's
 * intern table) keeps, whose hashes V8 caches, so finding a key hashes nothing new — unlike
 * building it, which hashes a fresh string for every flow.
 */
export interface EndpointKeyMemo {
  workload: Map<string, Map<string, Map<string, string>>>;
  node: Map<string, Map<string, string>>;
  ip: Map<string, string>;
  identity: WeakMap<object, Map<string, string>>;
}

export function createEndpointKeyMemo(): EndpointKeyMemo {
  return { workload: new Map(), node: new Map(), ip: new Map(), identity: new WeakMap() };
}

/** The map under `k` in `m`, made when missing (no closure: this runs twice per record). */
export function mapUnder<K, V>(m: Map<K, Map<string, V>>, k: K): Map<string, V> {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = new Map()));
  return v;
}

/** `endpointKey(e)`, built once per distinct endpoint. */
export function memoEndpointKey(m: EndpointKeyMemo, e: Endpoint): string {
  let byLast: Map<string, string>;
  let last: string;
  if (e.type === 'workload') {
    byLast = mapUnder(mapUnder(m.workload, e.kind), e.namespace);
    last = e.name;
  } else if (e.type === 'node') {
    byLast = mapUnder(m.node, e.name);
    last = e.ip;
  } else if (e.identity !== undefined) {
    // Resolution shares one identity object per (namespace, labels): key it once per address.
    let byIp = m.identity.get(e.identity);
    if (byIp === undefined) m.identity.set(e.identity, (byIp = new Map()));
    byLast = byIp;
    last = e.ip;
  } else {
    byLast = m.ip;
    last = e.ip;
  }
  let key = byLast.get(last);
  if (key === undefined) byLast.set(last, (key = endpointKey(e)));
  return key;
}

/** Marks the keys of undetermined pairs (and of their rows): never equal to a counted one's. */
export const UNDETERMINED_MARK = '|?';

/**
 * Key of one aggregate: cluster, client, server, server port and protocol (an undetermined
 * pair's ends with the mark).
 */
export function commKey(
  cluster: string,
  client: Endpoint,
  server: Endpoint,
  port: number,
  protocol: string,
  undetermined = false,
): CommKey {
  const key = `${cluster}|${endpointKey(client)}|${endpointKey(server)}|${port}/${protocol}`;
  return (undetermined ? key + UNDETERMINED_MARK : key) as CommKey;
}

/** Key of one row of the `analyze` view: selected workload, direction, peer, port, protocol. */
export function viewKey(
  workload: WorkloadRef,
  direction: 'ingress' | 'egress',
  peer: Peer,
  port: number,
  protocol: string,
  undetermined?: { endPort?: number },
): CommKey {
  const end = undetermined?.endPort === undefined ? '' : `-${undetermined.endPort}`;
  const key = `${workloadKey(workload)}|${direction}|${endpointKey(peer)}|${port}${end}/${protocol}`;
  return (undetermined ? key + UNDETERMINED_MARK : key) as CommKey;
}

/** Orders strings by code unit, independent of the locale (stable across machines). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
