/**
 * Stable string keys for endpoints, peers and aggregated communications. Keys are what
 * merging, sorting and the UI's include/exclude decisions compare, so they never change shape.
 */
import type { CommKey } from '../model/ids';
import type { Endpoint, Peer, WorkloadRef } from '../model/communication';

/** `workload:Kind/ns/name`, `node:name@ip` or `ip:addr`. */
export function endpointKey(e: Endpoint | Peer): string {
  if (e.type === 'workload') return `workload:${e.kind}/${e.namespace}/${e.name}`;
  if (e.type === 'node') return `node:${e.name}@${e.ip}`;
  return `ip:${e.ip}`;
}

/** Key of one aggregate: cluster, client, server, server port and protocol. */
export function commKey(
  cluster: string,
  client: Endpoint,
  server: Endpoint,
  port: number,
  protocol: string,
): CommKey {
  return `${cluster}|${endpointKey(client)}|${endpointKey(server)}|${port}/${protocol}` as CommKey;
}

/** Key of one row of the `analyze` view: selected workload, direction, peer, port, protocol. */
export function viewKey(
  workload: WorkloadRef,
  direction: 'ingress' | 'egress',
  peer: Peer,
  port: number,
  protocol: string,
): CommKey {
  const w = `${workload.kind}/${workload.namespace}/${workload.name}`;
  return `${w}|${direction}|${endpointKey(peer)}|${port}/${protocol}` as CommKey;
}

/** Orders strings by code unit, independent of the locale (stable across machines). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
