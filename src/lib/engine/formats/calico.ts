/**
 * Calico Enterprise / Calico Cloud flow logs (FORMATS.md §3.1): one JSON object per line,
 * aggregated per interval; IPs, ports and pod names may be aggregated away (`null`, `-`,
 * `*_name_aggr`). The source is always the initiator; `reporter` says who observed it.
 */
import type { EndpointMeta, FlowRecord } from '../model/flow';
import {
  isObject,
  jsonObjectLineParser,
  labelsFromPairs,
  normalizeProto,
  secondsToMs,
  str,
  toNumber,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

type Obj = Record<string, unknown>;

export function calicoParser(ctx: ParseContext): LineParser {
  return jsonObjectLineParser(ctx, calicoRecord, 'Calico flow log without start_time or endpoints');
}

/** Builds the common record from one Calico flow log object; null when it is not one. */
export function calicoRecord(o: Obj): FlowRecord | null {
  const time = secondsToMs(o.start_time ?? o.startTime);
  const src = calicoEndpoint(o, 'source');
  const dst = calicoEndpoint(o, 'dest');
  if (time === null && !src && !dst) return null;
  const r: FlowRecord = {
    format: 'calico-ee',
    time,
    proto: normalizeProto(o.proto),
    initiator: 'src',
    isReply: false,
  };
  const end = secondsToMs(o.end_time ?? o.endTime);
  if (end !== null) r.timeEnd = end;
  if (src) r.src = src;
  if (dst) r.dst = dst;
  addTuple(r, o);
  addReporterAndCounters(r, o);
  addVerdict(r, o);
  addService(r, o);
  return r;
}

function addTuple(r: FlowRecord, o: Obj): void {
  const s = str(o.source_ip);
  const d = str(o.dest_ip);
  const sp = toPort(o.source_port);
  const dp = toPort(o.dest_port);
  if (s) r.srcIp = s;
  if (d) r.dstIp = d;
  if (sp !== undefined) r.srcPort = sp;
  if (dp !== undefined) r.dstPort = dp;
}

/** Bytes/packets are relative to the reporting endpoint: `out` of the source is forward. */
function addReporterAndCounters(r: FlowRecord, o: Obj): void {
  const rep = o.reporter;
  const fromSrc = rep !== 'dst';
  if (rep === 'src' || rep === 'dst') {
    r.reporter = rep;
    r.direction = rep === 'src' ? 'egress' : 'ingress';
  }
  const fwd = fromSrc ? 'out' : 'in';
  const rev = fromSrc ? 'in' : 'out';
  setNum(r, 'bytes', o[`bytes_${fwd}`]);
  setNum(r, 'bytesRev', o[`bytes_${rev}`]);
  setNum(r, 'packets', o[`packets_${fwd}`]);
  setNum(r, 'packetsRev', o[`packets_${rev}`]);
  setNum(r, 'count', o.num_flows);
  const node = str(o.host);
  if (node) r[fromSrc ? 'src' : 'dst'] = { ...r[fromSrc ? 'src' : 'dst'], node };
}

function setNum(
  r: FlowRecord,
  key: 'bytes' | 'bytesRev' | 'packets' | 'packetsRev' | 'count',
  v: unknown,
): void {
  const n = toNumber(v);
  if (n !== undefined) r[key] = n;
}

function addVerdict(r: FlowRecord, o: Obj): void {
  const a = str(o.action);
  if (!a) return;
  r.verdictRaw = a;
  r.verdict = a === 'allow' ? 'allowed' : a === 'deny' ? 'denied' : 'unknown';
  const p = o.policies;
  const list = isObject(p) ? (p.enforced_policies ?? p.all_policies) : undefined;
  if (!Array.isArray(list)) return;
  const names = list
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.split('|')[2] ?? x);
  if (names.length > 0) r.policies = names;
}

const TYPE_KIND: Record<string, EndpointMeta['kind']> = {
  wep: 'pod',
  hep: 'host',
  ns: 'networkset',
  net: 'world',
};

function calicoEndpoint(o: Obj, side: 'source' | 'dest'): EndpointMeta | undefined {
  const m: EndpointMeta = {};
  const ns = str(o[`${side}_namespace`]);
  const name = str(o[`${side}_name`]);
  const aggr = str(o[`${side}_name_aggr`]);
  const kind = TYPE_KIND[String(o[`${side}_type`])];
  const labelObj = o[`${side}_labels`];
  const labels = isObject(labelObj) ? labelsFromPairs(labelObj.labels) : undefined;
  if (ns) m.namespace = ns;
  if (kind) m.kind = kind;
  if (aggr) m.aggregatedName = aggr;
  if (labels) m.labels = labels;
  if (name && kind === 'pod') m.pod = name;
  if (kind === 'pod') addDeploymentGuess(m, aggr ?? name, labels);
  if (side === 'dest') addDomains(m, o.dest_domains);
  return Object.keys(m).length > 0 ? m : undefined;
}

/**
 * NOTE: a Deployment names its ReplicaSets `<deployment>-<pod-template-hash>` and stamps the
 * hash as the pod label `pod-template-hash` (kubernetes.io/docs/concepts/workloads/controllers/
 * deployment/#pod-template-hash-label), so `frontend-755cdc7957-*` with that label is
 * Deployment `frontend`. Without the label the prefix is ambiguous and left to the inventory.
 */
function addDeploymentGuess(
  m: EndpointMeta,
  name: string | undefined,
  labels?: Record<string, string>,
): void {
  const hash = labels?.['pod-template-hash'];
  if (!name || !hash) return;
  const at = name.lastIndexOf(`-${hash}`);
  if (at <= 0) return;
  m.workloadKind = 'Deployment';
  m.workloadName = name.slice(0, at);
}

function addDomains(m: EndpointMeta, domains: unknown): void {
  if (!Array.isArray(domains)) return;
  const names = domains.filter((d): d is string => typeof d === 'string' && d !== '');
  if (names.length > 0) m.names = names;
}

function addService(r: FlowRecord, o: Obj): void {
  const name = str(o.dest_service_name);
  if (!name) return;
  const namespace = str(o.dest_service_namespace) ?? r.dst?.namespace ?? '';
  const num = toPort(o.dest_service_port_num);
  const port = num !== undefined && !Number.isNaN(num) ? num : str(o.dest_service_port);
  r.dst = {
    ...r.dst,
    service: port === undefined ? { namespace, name } : { namespace, name, port },
  };
}
