/**
 * restoreAggregate: a communication aggregate that comes back from outside (a session file)
 * checked and normalised: endpoints of a known type with their fields, an address that is an
 * IP, a port 0–65535, counts that are finite and not negative, times that exist (model/time.ts),
 * and the key recomputed from the fields (a crafted key cannot merge into another row). Null
 * when the row cannot be used.
 */
import type { Bucket, CommAggregate, Endpoint } from '../model/communication';
import { isIpLenient } from '../model/address';
import { isValidTime } from '../model/time';
import { identityOf } from '../inventory/identity';
import { commKey } from './keys';
import { LEGACY_BUCKET_MS, ladderWidth } from './width';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
const count = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const time = (v: unknown): v is number => typeof v === 'number' && isValidTime(v);

function endpoint(v: unknown): Endpoint | null {
  if (!isRec(v)) return null;
  if (v.type === 'workload' && text(v.kind) && text(v.namespace) && text(v.name))
    return { type: 'workload', kind: v.kind, namespace: v.namespace, name: v.name };
  if (v.type === 'node' && text(v.name) && text(v.ip) && isIpLenient(v.ip))
    return { type: 'node', name: v.name, ip: v.ip };
  if (v.type === 'ip' && text(v.ip) && isIpLenient(v.ip)) {
    const id = v.identity;
    if (!isRec(id) || !text(id.namespace) || !isRec(id.labels)) return { type: 'ip', ip: v.ip };
    const labels = Object.entries(id.labels).filter((e): e is [string, string] => text(e[1]));
    return { type: 'ip', ip: v.ip, identity: identityOf(id.namespace, Object.fromEntries(labels)) };
  }
  return null;
}

const portNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;

/** An undetermined pair's client port range; null when `v` claims a pair but is not one. */
function undetermined(v: unknown): CommAggregate['undetermined'] | null {
  if (!isRec(v) || !Array.isArray(v.clientPorts)) return null;
  const [lo, hi] = v.clientPorts as unknown[];
  return portNumber(lo) && portNumber(hi) && lo <= hi ? { clientPorts: [lo, hi] } : null;
}

const BUCKET_FIELDS = new Set(['t', 'flows', 'first', 'last', 'atClient', 'atServer']);

/**
 * True when `v` holds only a bucket's fields, each usable: it can be kept as it is (rows read
 * from storage are fresh copies), which spares a million small allocations on a cold read.
 */
function exactBucket(v: Rec): boolean {
  for (const k in v) if (!BUCKET_FIELDS.has(k)) return false;
  const optional = (x: unknown) => x === undefined || count(x);
  return optional(v.atClient) && optional(v.atServer);
}

function bucket(v: unknown): Bucket | null {
  if (!isRec(v) || !time(v.t) || !count(v.flows) || !time(v.first) || !time(v.last)) return null;
  if (exactBucket(v)) return v as unknown as Bucket;
  const b: Bucket = { t: v.t, flows: v.flows, first: v.first, last: v.last };
  if (count(v.atClient)) b.atClient = v.atClient;
  if (count(v.atServer)) b.atServer = v.atServer;
  return b;
}

/** A width of the ladder (a stray one rounds up to one); absent: the one-minute width of old. */
function bucketWidth(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? ladderWidth(v) : LEGACY_BUCKET_MS;
}

function verdicts(v: unknown): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  if (isRec(v)) for (const [k, n] of Object.entries(v)) if (count(n)) out[k] = n;
  return out;
}

/** The aggregate in `v`, normalised; null when a required part is missing or wrong. */
export function restoreAggregate(v: unknown): CommAggregate | null {
  if (!isRec(v) || !text(v.cluster) || !text(v.protocol)) return null;
  const client = endpoint(v.client);
  const server = endpoint(v.server);
  const port = v.port;
  if (!client || !server || typeof port !== 'number') return null;
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !count(v.flows)) return null;
  if (!Array.isArray(v.buckets)) return null;
  const buckets = v.buckets.map(bucket);
  if (buckets.some((b) => b === null)) return null;
  const seen = (t: unknown) => (time(t) ? t : null);
  // A malformed pair is left out: read as a counted row it would count unknown events.
  const pair = v.undetermined === undefined ? undefined : undetermined(v.undetermined);
  if (pair === null) return null;
  const a: CommAggregate = {
    key: commKey(v.cluster, client, server, port, v.protocol, pair !== undefined),
    cluster: v.cluster,
    client,
    server,
    port,
    protocol: v.protocol,
    flows: v.flows,
    firstSeen: seen(v.firstSeen),
    lastSeen: seen(v.lastSeen),
    buckets: buckets as Bucket[],
    bucketMs: bucketWidth(v.bucketMs),
    untimedFlows: count(v.untimedFlows) ? v.untimedFlows : 0,
    verdicts: verdicts(v.verdicts),
    via: Array.isArray(v.via) ? v.via.filter(text) : [],
  };
  if (count(v.untimedAtClient)) a.untimedAtClient = v.untimedAtClient;
  if (count(v.untimedAtServer)) a.untimedAtServer = v.untimedAtServer;
  if (pair) a.undetermined = pair;
  return a;
}
