/**
 * JSON classification rules of FORMATS.md §10 step 6: which flow format (or Kubernetes
 * metadata) a first JSON object is, by its keys. A key-name fallback covers a first object too
 * large to sit whole in the detection head (a minified kubectl dump on one line).
 */
import type { FormatId } from './types';
import { isObject } from './common';

export interface Classified {
  format: FormatId | null;
  kind: 'flows' | 'metadata' | 'unknown';
  /** 'lines': one JSON object (or text record) per line; 'documents': pretty/array/concatenated JSON or YAML. */
  layout: 'lines' | 'documents';
  /** Set when the file is a container the engine recognises but cannot read (Parquet, tar). */
  unsupported?: string;
}

type Obj = Record<string, unknown>;

function found(format: FormatId): Classified {
  const kind = format === 'k8s-json' || format === 'k8s-yaml' ? 'metadata' : 'flows';
  return { format, kind, layout: 'lines' };
}

function isHubble(o: Obj): FormatId | null {
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

/** Classifies the first JSON value of a file; null when it matches no known format. */
export function classifyJson(v: unknown): Classified | null {
  if (!isObject(v)) return null;
  const hubble = isHubble(v);
  if (hubble) return found(hubble);
  if (isCalico(v)) return found('calico-ee');
  if (isGcp(v)) return found('gcp-vpc');
  if ('pktType' in v && isObject(v.dst) && 'kind' in v.dst) return found('ig-trace-network');
  if ('id.orig_h' in v) return found('zeek-json');
  if (isKubernetes(v)) return found('k8s-json');
  return null;
}

/** Fallback on key names seen in the head when no whole JSON value fits in it. */
export function classifyJsonKeys(head: string): Classified | null {
  const has = (k: string): boolean => head.includes(`"${k}"`);
  if (has('apiVersion') && (has('items') || has('kind'))) return found('k8s-json');
  if (head.startsWith('{"flow":')) return found('hubble-jsonpb');
  return null;
}
