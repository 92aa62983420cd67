/**
 * Late resolution: aggregates store the endpoints as they resolved at import time, so flows
 * imported before their cluster's kubectl dump keep bare IPs. At query time those IP endpoints
 * are resolved again against the current inventory (Service addresses → backing workload and
 * targetPort; a Cilium identity → the one workload whose pods carry it), and aggregates whose
 * keys then coincide are merged. Resolved endpoints are
 * never touched: inline metadata and the dump at import time already decided them.
 */
import type { CommAggregate, Endpoint } from '../model/communication';
import { resolveEndpoint, resolveServerPort, type ResolvedEndpoint } from '../inventory/index';
import type { InventoryIndex } from '../inventory/inventory-index';
import { commKey, endpointKey } from './keys';
import { mergeAll } from './merge';

/** The aggregates with IP endpoints resolved against `idx` where it now knows them. */
export function reresolveAggregates(aggs: CommAggregate[], idx: InventoryIndex): CommAggregate[] {
  const cache = new Map<string, ResolvedEndpoint>();
  let changed = false;
  const out = aggs.map((a) => {
    const client = lateResolve(idx, cache, a.client, a.firstSeen);
    const server = lateResolve(idx, cache, a.server, a.firstSeen);
    if (!client && !server) return a;
    changed = true;
    const port = server ? resolveServerPort(idx, server, a.port, a.protocol) : a.port;
    const c = client?.endpoint ?? a.client;
    const s = server?.endpoint ?? a.server;
    const via = server?.viaService
      ? [...new Set([...a.via, `${server.viaService.namespace}/${server.viaService.name}`])].sort()
      : a.via;
    return {
      ...a,
      client: c,
      server: s,
      port,
      via,
      key: commKey(a.cluster, c, s, port, a.protocol, a.undetermined !== undefined),
    };
  });
  return changed ? mergeAll(out) : aggs;
}

/** The new resolution of an IP endpoint, or null when it stays a bare IP (or was resolved). */
function lateResolve(
  idx: InventoryIndex,
  cache: Map<string, ResolvedEndpoint>,
  e: Endpoint,
  time: number | null,
): ResolvedEndpoint | null {
  if (e.type !== 'ip') return null;
  const id = e.identity;
  const cacheKey = `${id ? endpointKey(e) : e.ip}@${time ?? ''}`;
  let r = cache.get(cacheKey);
  if (!r) {
    // An identity-only endpoint resolves as at import, now against this inventory.
    r = resolveEndpoint(
      idx,
      e.ip,
      id ? { namespace: id.namespace, labels: id.labels } : undefined,
      time,
    );
    cache.set(cacheKey, r);
  }
  return r.endpoint.type === 'ip' ? null : r;
}
