/**
 * Inspektor Gadget `trace network` events (FORMATS.md §6), both the advisor's older shape
 * (`k8s.podname`, no pod IP) and the newer one (`k8s.podName`, `podIP`, `podOwner`, `runtime`).
 * `dst` is always the remote side: OUTGOING = pod → remote (egress), HOST = remote → pod (ingress).
 */
import type { EndpointMeta, FlowRecord } from '../model/flow';
import {
  isObject,
  jsonObjectLineParser,
  labelsFromObject,
  normalizeProto,
  str,
  toNumber,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

type Obj = Record<string, unknown>;

export function igTraceNetworkParser(ctx: ParseContext): LineParser {
  return jsonObjectLineParser(
    ctx,
    igRecord,
    'trace network event without pktType OUTGOING/HOST and dst',
  );
}

/** Builds the common record of one event; null when it is not a usable trace network event. */
export function igRecord(o: Obj): FlowRecord | null {
  const pkt = o.pktType;
  const remote = o.dst;
  if ((pkt !== 'OUTGOING' && pkt !== 'HOST') || !isObject(remote)) return null;
  const pod = podSide(o);
  const peer = remoteSide(remote);
  const podIp = str(o.podIP);
  const remoteIp = str(remote.addr);
  const outgoing = pkt === 'OUTGOING';
  const ns = toNumber(o.timestamp);
  const r: FlowRecord = {
    format: 'ig-trace-network',
    time: ns === undefined ? null : Math.floor(ns / 1e6),
    proto: normalizeProto(o.proto),
    initiator: 'src',
    isReply: false,
    direction: outgoing ? 'egress' : 'ingress',
  };
  const [srcIp, dstIp] = outgoing ? [podIp, remoteIp] : [remoteIp, podIp];
  if (srcIp) r.srcIp = srcIp;
  if (dstIp) r.dstIp = dstIp;
  const port = toPort(o.port);
  if (port !== undefined) r.dstPort = port;
  const [src, dst] = outgoing ? [pod, peer] : [peer, pod];
  if (src) r.src = src;
  if (dst) r.dst = dst;
  return r;
}

function podSide(o: Obj): EndpointMeta {
  const k8s = isObject(o.k8s) ? o.k8s : {};
  const m: EndpointMeta = { kind: 'pod' };
  const ns = str(k8s.namespace);
  const pod = str(k8s.podName ?? k8s.podname);
  const node = str(k8s.node);
  const labels = labelsFromObject(o.podLabels ?? k8s.podLabels);
  if (ns) m.namespace = ns;
  if (pod) m.pod = pod;
  if (node) m.node = node;
  if (labels) m.labels = labels;
  addOwner(m, k8s.owner, o.podOwner);
  return m;
}

function addOwner(m: EndpointMeta, owner: unknown, podOwner: unknown): void {
  if (isObject(owner)) {
    const kind = str(owner.kind);
    const name = str(owner.name);
    if (kind) m.workloadKind = kind;
    if (name) m.workloadName = name;
    return;
  }
  const name = str(podOwner);
  if (name) m.workloadName = name;
}

/**
 * NOTE: for `kind: svc` the gadget reports the Service's selector as `podLabels`; a selector's
 * labels are carried by every backing pod, so they describe the real peer well enough.
 */
function remoteSide(d: Obj): EndpointMeta | undefined {
  const kind = d.kind;
  const m: EndpointMeta = {};
  const ns = str(d.namespace);
  const name = str(d.podname ?? d.name);
  const labels = labelsFromObject(d.podlabels ?? d.podLabels);
  if (ns) m.namespace = ns;
  if (labels) m.labels = labels;
  if (kind === 'pod') {
    m.kind = 'pod';
    if (name) m.pod = name;
  } else if (kind === 'svc') {
    m.kind = 'service';
    if (name) m.service = { namespace: ns ?? '', name };
  } else if (kind === 'raw') {
    m.kind = 'unknown';
  }
  return Object.keys(m).length > 0 ? m : undefined;
}
