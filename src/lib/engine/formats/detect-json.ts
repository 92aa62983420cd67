/**
 * JSON classification rules of FORMATS.md §10 step 6: which flow format (or Kubernetes
 * metadata) a first JSON object is, by its keys. A key-name fallback covers a first object too
 * large to sit whole in the detection head (a minified kubectl dump on one line).
 */
import type { FormatId } from './types';
import { isObject } from './common';
import { isAzureVnet } from './azure-vnet';
import { cloudwatchKind } from './aws-cloudwatch';
import { isGoldmane } from './goldmane';
import { isHubbleAggregated } from './hubble-aggregated';
import { isNetobservFlow, lokiStreams } from './netobserv';
import { isRetina } from './retina';
import { notConnectionLog, zeekJsonPath } from './zeek-logs';

export interface Classified {
  format: FormatId | null;
  kind: 'flows' | 'metadata' | 'unknown';
  /** 'lines': one JSON object (or text record) per line; 'documents': pretty/array/concatenated JSON or YAML. */
  layout: 'lines' | 'documents';
  /** Set when the file is a container the engine recognises but cannot read (Parquet, tar). */
  unsupported?: string;
  /** For a file recognised as something the engine does not read: the sentence to report. */
  message?: string;
  /** Longest JSON document kept, for formats whose whole file is one document (default: the line limit). */
  maxDocument?: number;
}

type Obj = Record<string, unknown>;

/**
 * Formats whose whole file is one JSON document wrapping the records (an Azure blob, a Loki
 * answer, a CloudWatch export): read whole, up to this many characters.
 */
export const WRAPPED_DOCUMENT_CHARS = 64 * 1024 * 1024;

function found(format: FormatId): Classified {
  const kind = format === 'k8s-json' || format === 'k8s-yaml' ? 'metadata' : 'flows';
  return { format, kind, layout: 'lines' };
}

function wrapped(format: FormatId): Classified {
  return { format, kind: 'flows', layout: 'documents', maxDocument: WRAPPED_DOCUMENT_CHARS };
}

/** A file recognised as something netpolish does not read, with the sentence that says so. */
export function notFlows(message: string): Classified {
  return { format: null, kind: 'unknown', layout: 'lines', message };
}

function isHubble(o: Obj): FormatId | null {
  if (isHubbleAggregated(o)) return 'hubble-aggregated';
  if (isRetina(o)) return 'retina';
  if (isObject(o.flow) || 'node_status' in o || 'lost_events' in o) return 'hubble-jsonpb';
  if ('nodeStatus' in o || 'lostEvents' in o) return 'hubble-jsonpb';
  if ('verdict' in o && ('IP' in o || 'l4' in o)) return 'hubble-json-legacy';
  return null;
}

function isCalico(o: Obj): boolean {
  const start = 'start_time' in o || 'startTime' in o;
  return start && 'reporter' in o && ('source_name_aggr' in o || 'dest_name_aggr' in o);
}

function isGcp(o: Obj): boolean {
  if (isObject(o.jsonPayload) && isObject(o.jsonPayload.connection)) return true;
  if (typeof o.logName === 'string' && o.logName.includes('vpc_flows')) return true;
  return isObject(o.connection) && 'src_ip' in o.connection && 'reporter' in o;
}

function isKubernetes(o: Obj): boolean {
  const kind = o.kind;
  if (typeof kind === 'string' && kind.endsWith('List')) return true;
  if ('apiVersion' in o && ('items' in o || typeof kind === 'string')) return true;
  return false;
}

function zeekJson(o: Obj): Classified {
  const path = zeekJsonPath(o);
  if (path === 'dns') return found('zeek-dns');
  return path === 'conn' ? found('zeek-json') : notFlows(notConnectionLog(path));
}

/** Formats whose records arrive wrapped in one document (or, for some, one per line). */
function wrappedFormat(o: Obj): Classified | null {
  if (isAzureVnet(o)) return wrapped('azure-vnet');
  const loki = lokiStreams(o);
  if (loki === 'netobserv') return wrapped('netobserv-loki');
  if (loki === 'other') return notFlows('A Loki answer whose lines are not NetObserv flows');
  const cw = cloudwatchKind(o);
  if (cw?.kind === 'vpc') return wrapped('aws-cloudwatch');
  if (cw) {
    const first = JSON.stringify(cw.first.slice(0, 60));
    return notFlows(
      `AWS CloudWatch Logs export whose messages are not VPC flow log records (first: ${first})`,
    );
  }
  return null;
}

/** Classifies the first JSON value of a file; null when it matches no known format. */
export function classifyJson(v: unknown): Classified | null {
  if (!isObject(v)) return null;
  // Before Hubble: a Goldmane FlowResult is `{"flow":{"Key":…}}`.
  if (isGoldmane(v))
    return Array.isArray(v.items) ? wrapped('calico-goldmane') : found('calico-goldmane');
  const hubble = isHubble(v);
  if (hubble) return found(hubble);
  if (isCalico(v)) return found('calico-ee');
  if (isGcp(v)) return found('gcp-vpc');
  if ('pktType' in v && isObject(v.dst) && 'kind' in v.dst) return found('ig-trace-network');
  if ('id.orig_h' in v) return zeekJson(v);
  if (isNetobservFlow(v)) return found('netobserv-json');
  const w = wrappedFormat(v);
  if (w) return w;
  if (isKubernetes(v)) return found('k8s-json');
  return null;
}

/** Fallback on key names seen in the head when no whole JSON value fits in it. */
export function classifyJsonKeys(head: string): Classified | null {
  const has = (k: string): boolean => head.includes(`"${k}"`);
  if (has('apiVersion') && (has('items') || has('kind'))) return found('k8s-json');
  if (head.startsWith('{"flow":')) return found('hubble-jsonpb');
  if (has('records') && has('flowRecords')) return wrapped('azure-vnet');
  if (has('resultType') && head.includes('"streams"') && head.includes('SrcAddr'))
    return wrapped('netobserv-loki');
  if ((has('events') || has('logEvents')) && has('message') && /\beni-[0-9a-f]+\b/.test(head))
    return wrapped('aws-cloudwatch');
  if (has('items') && has('source_name') && has('dest_name')) return wrapped('calico-goldmane');
  return null;
}
