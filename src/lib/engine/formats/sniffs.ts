/**
 * The detection tests of the formats whose own modules do not hold them (FORMATS.md §10): line
 * patterns, YAML, and the JSON shapes of Hubble, Calico, GCP, Inspektor Gadget, Zeek and
 * Kubernetes objects. The registry (registry.ts) gives each its format and rank.
 */
import { isObject } from './common';
import { found, notFlows, wrapped, type Classified } from './classified';
import { isAntreaLine } from './antrea';
import { cloudwatchKind } from './aws-cloudwatch';
import { isAzureVnet } from './azure-vnet';
import { isGoldmane } from './goldmane';
import { isHubbleAggregated } from './hubble-aggregated';
import { isNetobservFlow, lokiStreams } from './netobserv';
import { isRetina } from './retina';
import { notConnectionLog, zeekJsonPath, zeekTsvPath } from './zeek-logs';

type Obj = Record<string, unknown>;
const when = (test: boolean, c: () => Classified): Classified | null => (test ? c() : null);

const AWS_V2 = /^\d+ \d{12} eni-[0-9a-f]+ /;
const AWS_HEADER = /^version\s.*\b(srcaddr|dstaddr|interface-id|account-id)\b/;
const CONNTRACK =
  /^(\[[A-Z]+\]\s+)?(ipv[46]\s+\d+\s+)?(tcp|udp|icmp|icmpv6|sctp|dccp|gre|unknown)\s+\d+\s+(\d+\s+)?.*\bsrc=\S+\s+dst=/;
const YAML_START = /^(apiVersion|kind|items|metadata|spec)\s*:/;

// ---- lines ----

const zeekHeader = (l: string) => l.startsWith('#separator ') || l.startsWith('#fields\t');

/** A Zeek TSV dns.log (before zeekTsvLine). */
export const zeekDnsTsvLine = (l: string, lines: string[]): Classified | null =>
  when(zeekHeader(l) && zeekTsvPath(lines) === 'dns', () => found('zeek-dns'));

/** A Zeek TSV log: conn.log is read, any other log is named. */
export function zeekTsvLine(l: string, lines: string[]): Classified | null {
  if (!zeekHeader(l)) return null;
  const path = zeekTsvPath(lines);
  return path === undefined || path === 'conn'
    ? found('zeek-tsv')
    : notFlows(notConnectionLog(path));
}

export const awsVpcLine = (l: string): Classified | null =>
  when(AWS_HEADER.test(l) || AWS_V2.test(l), () => found('aws-vpc'));
export const conntrackLine = (l: string): Classified | null =>
  when(CONNTRACK.test(l), () => found('conntrack'));
export const goldmaneLine = (l: string): Classified | null =>
  when(l.startsWith('data: {'), () => found('calico-goldmane'));
export const antreaLine = (l: string): Classified | null =>
  when(isAntreaLine(l), () => found('antrea-flowlogger'));

// ---- text ----

/** The first line that is neither blank nor a `#` comment (YAML files often open with a licence). */
function firstContentLine(head: string): string | undefined {
  let start = 0;
  while (start < head.length) {
    let nl = head.indexOf('\n', start);
    if (nl < 0) nl = head.length;
    const line = head.slice(start, nl).replace(/\r$/, '');
    if (line.trim() !== '' && !line.startsWith('#')) return line;
    start = nl + 1;
  }
  return undefined;
}

export function yamlText(head: string): Classified | null {
  const first = firstContentLine(head);
  if (first === undefined) return null;
  return first.startsWith('---') || YAML_START.test(first)
    ? { format: 'k8s-yaml', kind: 'metadata', layout: 'documents' }
    : null;
}

// ---- the first JSON value ----

/** Before Hubble: a Goldmane FlowResult is `{"flow":{"Key":…}}`. */
export const goldmaneJson = (o: Obj): Classified | null =>
  when(isGoldmane(o), () =>
    Array.isArray(o.items) ? wrapped('calico-goldmane') : found('calico-goldmane'),
  );
export const hubbleAggregatedJson = (o: Obj): Classified | null =>
  when(isHubbleAggregated(o), () => found('hubble-aggregated'));
export const retinaJson = (o: Obj): Classified | null => when(isRetina(o), () => found('retina'));
export const hubbleJson = (o: Obj): Classified | null =>
  when(
    isObject(o.flow) ||
      'node_status' in o ||
      'lost_events' in o ||
      'nodeStatus' in o ||
      'lostEvents' in o,
    () => found('hubble-jsonpb'),
  );
export const hubbleLegacyJson = (o: Obj): Classified | null =>
  when('verdict' in o && ('IP' in o || 'l4' in o), () => found('hubble-json-legacy'));

export function calicoJson(o: Obj): Classified | null {
  const start = 'start_time' in o || 'startTime' in o;
  const named = 'source_name_aggr' in o || 'dest_name_aggr' in o;
  return when(start && 'reporter' in o && named, () => found('calico-ee'));
}

export function gcpJson(o: Obj): Classified | null {
  const gcp =
    (isObject(o.jsonPayload) && isObject(o.jsonPayload.connection)) ||
    (typeof o.logName === 'string' && o.logName.includes('vpc_flows')) ||
    (isObject(o.connection) && 'src_ip' in o.connection && 'reporter' in o);
  return when(gcp, () => found('gcp-vpc'));
}

export const igJson = (o: Obj): Classified | null =>
  when('pktType' in o && isObject(o.dst) && 'kind' in o.dst, () => found('ig-trace-network'));

/** A Zeek JSON dns.log (before zeekJson). */
export const zeekDnsJson = (o: Obj): Classified | null =>
  when('id.orig_h' in o && zeekJsonPath(o) === 'dns', () => found('zeek-dns'));

/** A Zeek JSON log: conn.log is read, any other log is named. */
export function zeekJson(o: Obj): Classified | null {
  if (!('id.orig_h' in o)) return null;
  const path = zeekJsonPath(o);
  return path === 'conn' ? found('zeek-json') : notFlows(notConnectionLog(path));
}

export const netobservJson = (o: Obj): Classified | null =>
  when(isNetobservFlow(o), () => found('netobserv-json'));
export const azureJson = (o: Obj): Classified | null =>
  when(isAzureVnet(o), () => wrapped('azure-vnet'));

export function lokiJson(o: Obj): Classified | null {
  const loki = lokiStreams(o);
  if (loki === 'netobserv') return wrapped('netobserv-loki');
  return loki === 'other' ? notFlows('A Loki answer whose lines are not NetObserv flows') : null;
}

export function cloudwatchJson(o: Obj): Classified | null {
  const cw = cloudwatchKind(o);
  if (!cw) return null;
  if (cw.kind === 'vpc') return wrapped('aws-cloudwatch');
  const first = JSON.stringify(cw.first.slice(0, 60));
  return notFlows(
    `AWS CloudWatch Logs export whose messages are not VPC flow log records (first: ${first})`,
  );
}

export function kubernetesJson(o: Obj): Classified | null {
  const kind = o.kind;
  const k8s =
    (typeof kind === 'string' && kind.endsWith('List')) ||
    ('apiVersion' in o && ('items' in o || typeof kind === 'string'));
  return when(k8s, () => found('k8s-json'));
}

// ---- key names in the head ----

const has = (head: string, k: string): boolean => head.includes(`"${k}"`);

export const kubernetesKeys = (h: string): Classified | null =>
  when(has(h, 'apiVersion') && (has(h, 'items') || has(h, 'kind')), () => found('k8s-json'));
export const hubbleKeys = (h: string): Classified | null =>
  when(h.startsWith('{"flow":'), () => found('hubble-jsonpb'));
export const azureKeys = (h: string): Classified | null =>
  when(has(h, 'records') && has(h, 'flowRecords'), () => wrapped('azure-vnet'));
export const lokiKeys = (h: string): Classified | null =>
  when(has(h, 'resultType') && h.includes('"streams"') && h.includes('SrcAddr'), () =>
    wrapped('netobserv-loki'),
  );
export const cloudwatchKeys = (h: string): Classified | null =>
  when(
    (has(h, 'events') || has(h, 'logEvents')) && has(h, 'message') && /\beni-[0-9a-f]+\b/.test(h),
    () => wrapped('aws-cloudwatch'),
  );
export const goldmaneKeys = (h: string): Classified | null =>
  when(has(h, 'items') && has(h, 'source_name') && has(h, 'dest_name'), () =>
    wrapped('calico-goldmane'),
  );
