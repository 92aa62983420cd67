/**
 * One oriented record → the communication it counts for: the client and server endpoints as
 * the inventory resolves them (top owners, nodes or bare IPs), the server's real port and the
 * Service the flow was addressed to, if any.
 */
import type { Endpoint } from '../model/communication';
import type { EndpointMeta, FlowRecord } from '../model/flow';
import { resolveEndpoint, resolveServerPort, type InventoryIndex } from '../inventory/index';

export interface Initiation {
  client: Endpoint;
  server: Endpoint;
  /** The server's own port: a Service port becomes the backing pod's targetPort. */
  port: number;
  protocol: string;
  /** `namespace/name` of the Service the flow was addressed to, when known. */
  via: string | null;
}

interface Side {
  ip: string | undefined;
  port: number | undefined;
  meta: EndpointMeta | undefined;
}

/**
 * NOTE: the port is the destination pod's port, never the Service port: NetworkPolicy matches
 * packets after the Service's DNAT (kubernetes.io/docs/concepts/services-networking/network-policies/).
 */
export function resolveInitiation(
  idx: InventoryIndex,
  r: FlowRecord,
  o: 'forward' | 'reverse',
): Initiation {
  const src: Side = { ip: r.srcIp, port: r.srcPort, meta: r.src };
  const dst: Side = { ip: r.dstIp, port: r.dstPort, meta: r.dst };
  const [c, s] = o === 'forward' ? [src, dst] : [dst, src];
  const client = resolveEndpoint(idx, c.ip, c.meta, r.time);
  const server = resolveEndpoint(idx, s.ip, s.meta, r.time);
  const port = s.port === undefined ? 0 : resolveServerPort(idx, server, s.port, r.proto);
  // conntrack keeps the pre-DNAT destination: a ClusterIP names the Service the flow went through.
  const original =
    o === 'forward' && r.origDstIp !== undefined
      ? resolveEndpoint(idx, r.origDstIp, undefined, r.time).viaService
      : undefined;
  return {
    client: client.endpoint,
    server: server.endpoint,
    port,
    protocol: r.proto,
    via: viaOf(server.viaService ?? original ?? s.meta?.service),
  };
}

function viaOf(svc: { namespace: string; name: string } | undefined): string | null {
  return svc ? `${svc.namespace}/${svc.name}` : null;
}
