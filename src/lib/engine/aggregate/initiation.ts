/**
 * One oriented record → the communication it counts for: the client and server endpoints as
 * the inventory resolves them (top owners, nodes or bare IPs), the server's real port and the
 * Service the flow was addressed to, if any.
 */
import type { Endpoint } from '../model/communication';
import type { FlowRecord } from '../model/flow';
import type { ServiceInfo } from '../model/k8s';
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

/** An Initiation to write into (resolveInitiation's `out`). */
export function emptyInitiation(): Initiation {
  return {
    client: { type: 'ip', ip: '' },
    server: { type: 'ip', ip: '' },
    port: 0,
    protocol: '',
    via: null,
  };
}

/**
 * The record's initiation, written into `out` and returned: aggregation reads it before the
 * next record and keeps only its fields, so one object serves every record (no object per flow).
 * NOTE: the port is the destination pod's port, never the Service port: NetworkPolicy matches
 * packets after the Service's DNAT (kubernetes.io/docs/concepts/services-networking/network-policies/).
 */
export function resolveInitiation(
  idx: InventoryIndex,
  r: FlowRecord,
  o: 'forward' | 'reverse',
  out: Initiation,
): Initiation {
  const forward = o === 'forward';
  const serverMeta = forward ? r.dst : r.src;
  const serverPort = forward ? r.dstPort : r.srcPort;
  const client = resolveEndpoint(idx, forward ? r.srcIp : r.dstIp, forward ? r.src : r.dst, r.time);
  const server = resolveEndpoint(idx, forward ? r.dstIp : r.srcIp, serverMeta, r.time);
  const port = serverPort === undefined ? 0 : resolveServerPort(idx, server, serverPort, r.proto);
  // conntrack keeps the pre-DNAT destination: a ClusterIP names the Service the flow went through.
  const original =
    forward && r.origDstIp !== undefined
      ? resolveEndpoint(idx, r.origDstIp, undefined, r.time).viaService
      : undefined;
  const known = server.viaService ?? original;
  out.client = client.endpoint;
  out.server = server.endpoint;
  out.port = port;
  out.protocol = r.proto;
  out.via = known !== undefined ? serviceVia(known) : viaOf(serverMeta?.service);
  return out;
}

function viaOf(svc: { namespace: string; name: string } | undefined): string | null {
  return svc ? `${svc.namespace}/${svc.name}` : null;
}

/** viaOf an inventory Service, built once per Service (most flows name one). */
const VIA = new WeakMap<ServiceInfo, string>();

function serviceVia(svc: ServiceInfo): string {
  let via = VIA.get(svc);
  if (via === undefined) VIA.set(svc, (via = `${svc.namespace}/${svc.name}`));
  return via;
}
