/**
 * The question `analyze` and the review tables ask: the communications of the workloads of
 * one entity type (optionally one namespace, one workload, one time window), each from the
 * side of the selected workload, with IP peers classified and aliased at query time
 * (DESIGN.md §5). Also the workload list and the activity histogram for the UI's scope bar.
 */
import type { CommAggregate, Communication, Endpoint, IpClass, Peer } from '../model/communication';
import type { WorkloadRef } from '../model/communication';
import { emptyInventory, type EntityType, type Inventory } from '../model/k8s';
import { indexInventory, type InventoryIndex } from '../inventory/index';
import { matchIdentity } from '../inventory/identity';
import { aliasFor, classifyContext, classifyIp, type Alias } from '../classify/index';
import { ipExplainer } from '../classify/explain';
import { mergeAll } from './merge';
import { MIN_BUCKET_MS } from './width';
import { byPackedRanks } from '../model/packed-sort';
import { nameLookup } from './names';
import type { IpName } from '../model/names';
import { reresolveAggregates } from './reresolve';
import { compareStrings, endpointKey, mapUnder, viewKey } from './keys';
import { makeScope, selectedInto, selectionsOf, type Scope } from './scope';
import { activityIn, histogram, type Activity, type HistogramPoint } from './window';
import { countedAggregates, readingsOf } from './undetermined';

/** Which rows a question is about and how their IP peers read: shared by every scope question. */
export interface ScopeFilter {
  /** `all`: every kind of workload (a namespace's review and bundle). */
  entity: EntityType | 'all';
  namespace?: string;
  /** Epoch ms; a communication counts when its activity overlaps [from, to]. */
  from?: number;
  to?: number;
  clusterCidrs?: string[];
  aliases?: Alias[];
  /** Give every IP peer the reason it is unresolved (`why`; classify/explain.ts). */
  explain?: boolean;
}

export interface QueryInput extends ScopeFilter {
  aggregates: CommAggregate[];
  inventory: Inventory;
  workload?: WorkloadRef;
  /** Also the undetermined pairs, read both ways (rows marked `undetermined`). */
  undetermined?: boolean;
  /** Names of IPs (DNS answers): an IP peer gets those valid while the row was active. */
  names?: IpName[];
  /**
   * The aggregates were resolved again against this inventory already (the workspace's cluster
   * data): not again. Late resolution changes nothing the second time — an endpoint left a bare
   * IP stays one against the same inventory at the same time, and aggregates merged then keep
   * the first time of one of theirs — and a 10,000-row review spent up to half its query
   * resolving its 10,000 addresses again.
   */
  resolved?: boolean;
  /**
   * The class of IP texts under this input's inventory and cluster CIDRs, where known (the
   * workspace's cluster data classifies every IP endpoint once): read instead of classifying.
   */
  ipClasses?: ReadonlyMap<string, IpClass>;
}

/** The communications in scope, one row per (workload, direction, peer, port, protocol), sorted. */
export function queryCommunications(input: QueryInput): Communication[] {
  const idx = indexInventory(input.inventory);
  const scope = makeScope(idx, input.entity, input.namespace, input.workload);
  const toPeer = peerMaker(input, idx);
  const rows = new Map<string, Communication>();
  const aggregates = clusterAggregates(input.aggregates, input.inventory.cluster);
  const list = input.resolved ? aggregates : reresolveAggregates(aggregates, idx);
  const withUndetermined = input.undetermined === true;
  // What selectionsOf gives, without its lists and objects: this runs once per question, after
  // the flows in the CLI, in code the optimizing compiler no longer compiles, where the lists,
  // selections and readings made per aggregate, and `for…of`'s iterators, were half of what the
  // loop allocated (≈ 2 KB an aggregate). The server's side first (ingress), then the client's.
  const sides: WorkloadRef[] = [];
  const addViews = (r: CommAggregate, endPort: number | undefined, activity: Activity): void => {
    const pair = r.undetermined && { endPort };
    for (let side = 0; side < 2; side++) {
      const ingress = side === 0;
      sides.length = 0;
      selectedInto(scope, ingress ? r.server : r.client, sides);
      if (sides.length === 0) continue;
      const direction = ingress ? 'ingress' : 'egress';
      const peer = toPeer(ingress ? r.client : r.server);
      for (let k = 0; k < sides.length; k++) {
        const w = sides[k]!;
        const key = viewKey(w, direction, peer, r.port, r.protocol, pair);
        const row = rows.get(key);
        if (row) addActivity(row, r, activity);
        else rows.set(key, newRow(key, w, direction, peer, r, endPort, activity));
      }
    }
  };
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    const activity = activityIn(a, input.from, input.to);
    if (!activity) continue;
    if (!a.undetermined) {
      addViews(a, undefined, activity);
      continue;
    }
    const readings = readingsOf(a, withUndetermined);
    for (let j = 0; j < readings.length; j++) {
      const reading = readings[j]!;
      addViews(reading.agg, reading.endPort, activity);
    }
  }
  const out = [...rows.values()];
  if (input.names && input.names.length > 0) nameIpPeers(out, input.names, input.inventory.cluster);
  if (input.explain) explainIpPeers(out, input);
  return sortRows(out);
}

/** Adds `names` to the IP peers the answers name while each row was active (DESIGN.md §5). */
function nameIpPeers(rows: Communication[], names: IpName[], cluster: string): void {
  const lookup = nameLookup(names, cluster);
  for (const row of rows) {
    if (row.peer.type !== 'ip') continue;
    const found = lookup(row.peer.ip, row.firstSeen, row.lastSeen);
    if (found.length > 0) row.peer = { ...row.peer, names: found };
  }
}

/**
 * Why each IP peer of `rows` is unresolved (`why` of a query with `explain`: the class rule, the
 * pods that had the IP, the nearest object), in the rows' order; null for the other rows.
 */
export function ipReasons(
  rows: readonly Communication[],
  input: Pick<QueryInput, 'inventory' | 'clusterCidrs' | 'aliases'>,
): (string | null)[] {
  const cidrs = input.clusterCidrs ?? [];
  const ctx = classifyContext(input.inventory, cidrs, input.aliases ?? []);
  const explainer = ipExplainer(input.inventory, ctx, cidrs);
  return rows.map((row) =>
    row.peer.type === 'ip' ? explainer.explain(row.peer.ip, row.firstSeen, row.lastSeen) : null,
  );
}

/** Adds `why` to the IP peers (ipReasons). */
function explainIpPeers(rows: Communication[], input: QueryInput): void {
  const reasons = ipReasons(rows, input);
  rows.forEach((row, i) => {
    const why = reasons[i];
    if (row.peer.type === 'ip' && typeof why === 'string') row.peer = { ...row.peer, why };
  });
}

/** The cluster's aggregates, one per key (imports and shards merged when they repeat a key). */
function clusterAggregates(aggregates: CommAggregate[], cluster: string): CommAggregate[] {
  const mine = aggregates.filter((a) => a.cluster === cluster);
  const keys = new Set(mine.map((a) => a.key));
  return keys.size === mine.length ? mine : mergeAll(mine);
}

/**
 * Endpoint → Peer, classifying and aliasing IPs once each. An IP that came with a Cilium
 * identity says which and why it names no one workload, against the current inventory.
 */
function peerMaker(input: QueryInput, idx: InventoryIndex): (e: Endpoint) => Peer {
  const ctx = classifyContext(input.inventory, input.clusterCidrs ?? [], input.aliases ?? []);
  const classes = input.ipClasses;
  const seen = new Map<string, Peer>();
  return (e) => {
    if (e.type !== 'ip') return e;
    const key = e.identity ? endpointKey(e) : e.ip;
    let p = seen.get(key);
    if (!p) {
      p = {
        type: 'ip',
        ip: e.ip,
        class: classes?.get(e.ip) ?? classifyIp(ctx, e.ip),
        alias: aliasFor(ctx, e.ip)?.name ?? null,
      };
      if (e.identity) {
        const m = matchIdentity(idx, e.identity.namespace, e.identity.labels);
        p.identity = e.identity;
        p.reason = 'reason' in m ? m.reason : `identity of ${m.workload.kind} ${m.workload.name}`;
      }
      seen.set(key, p);
    }
    return p;
  };
}

function newRow(
  key: string,
  workload: WorkloadRef,
  direction: 'ingress' | 'egress',
  peer: Peer,
  a: CommAggregate,
  endPort: number | undefined,
  act: Activity,
): Communication {
  const row: Communication = {
    key: key as Communication['key'],
    direction,
    workload,
    peer,
    port: a.port,
    protocol: a.protocol,
    flows: act.flows,
    firstSeen: act.firstSeen,
    lastSeen: act.lastSeen,
    via: [...a.via],
    verdicts: { ...a.verdicts },
  };
  if (a.undetermined) row.undetermined = true;
  if (endPort !== undefined) row.endPort = endPort;
  return row;
}

/** Folds another aggregate into a row (a Service backed by several workloads). */
function addActivity(row: Communication, a: CommAggregate, act: Activity): void {
  row.flows += act.flows;
  row.firstSeen = minNullable(row.firstSeen, act.firstSeen);
  row.lastSeen =
    act.lastSeen === null ? row.lastSeen : Math.max(row.lastSeen ?? act.lastSeen, act.lastSeen);
  row.via = [...new Set([...row.via, ...a.via])].sort(compareStrings);
  for (const [v, n] of Object.entries(a.verdicts)) {
    row.verdicts[v] = (Object.hasOwn(row.verdicts, v) ? row.verdicts[v]! : 0) + n;
  }
}

function minNullable(x: number | null, y: number | null): number | null {
  if (x === null) return y;
  return y === null ? x : Math.min(x, y);
}

const DIRECTION_ORDER = { ingress: 0, egress: 1 } as const;
const PEER_ORDER = { workload: 0, node: 1, ip: 2 } as const;

/** Workloads (by namespace, name, kind), then nodes, then IPs. */
function comparePeers(x: Peer, y: Peer): number {
  if (x.type === 'workload' && y.type === 'workload') {
    return (
      compareStrings(x.namespace, y.namespace) ||
      compareStrings(x.name, y.name) ||
      compareStrings(x.kind, y.kind)
    );
  }
  // Two IPs without an identity: their keys are `ip:` and the address (no key built per call).
  if (x.type === 'ip' && y.type === 'ip' && !x.identity && !y.identity)
    return compareStrings(x.ip, y.ip);
  return PEER_ORDER[x.type] - PEER_ORDER[y.type] || compareStrings(endpointKey(x), endpointKey(y));
}

/**
 * `rows` in compareRows' order, as its stable sort leaves them, sorted without calling it: each
 * part of the order ranked once per distinct value (the workloads and peers by the comparisons
 * compareRows makes, a few hundred of each), the rows sorted by the ranks packed into one
 * number (model/packed-sort.ts). After the flows the CLI runs this code unoptimized, where the comparator's ≈ 60,000 calls on the bench's 5,426 rows
 * cost ≈ 70 M instructions (docs/SCALE.md). When the packed number could exceed `bound` (2^53 − 1:
 * numbers above it are not exact), or a port is not an integer, the comparator sorts them.
 */
export function sortRows(rows: Communication[], bound = Number.MAX_SAFE_INTEGER): Communication[] {
  const n = rows.length;
  if (n < 2) return rows;
  const workloads = new Ranks<WorkloadRef>();
  const peers = new Ranks<Peer>();
  const ports = new Ranks<number>();
  const protocols = new Ranks<string>();
  // Slots of the rows' parts: workloads by their three names, peers by the object (most rows
  // share theirs) and then by what comparePeers compares (a workload's names, else its key).
  const w = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const r = new Float64Array(n);
  const rowWorkloads = new Map<string, Map<string, Map<string, number>>>();
  const peerWorkloads = new Map<string, Map<string, Map<string, number>>>();
  const peerKeys = new Map<string, number>();
  const peerObjects = new Map<Peer, number>();
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const { workload, peer, port } = row;
    if (!Number.isSafeInteger(port)) return rows.sort(compareRows);
    w[i] = slotOf(
      rowWorkloads,
      workload.namespace,
      workload.kind,
      workload.name,
      workloads,
      workload,
    );
    let ps = peerObjects.get(peer);
    if (ps === undefined) {
      if (peer.type === 'workload') {
        ps = slotOf(peerWorkloads, peer.namespace, peer.name, peer.kind, peers, peer);
      } else {
        const key = endpointKey(peer);
        ps = peerKeys.get(key);
        if (ps === undefined) peerKeys.set(key, (ps = peers.add(peer)));
      }
      peerObjects.set(peer, ps);
    }
    p[i] = ps;
    q[i] = ports.slot(port);
    r[i] = protocols.slot(row.protocol);
  }
  const wr = workloads.order(compareWorkloads);
  const pr = peers.order(comparePeers);
  const qr = ports.order();
  const rr = protocols.order();
  if (wr.length * 2 * pr.length * qr.length * rr.length * n > bound) return rows.sort(compareRows);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const wd = wr[w[i]!]! * 2 + DIRECTION_ORDER[rows[i]!.direction];
    const wdp = wd * pr.length + pr[p[i]!]!;
    ranks[i] = (wdp * qr.length + qr[q[i]!]!) * rr.length + rr[r[i]!]!;
  }
  return byPackedRanks(rows, ranks);
}

/** Distinct values, each in a slot as it comes, and each slot's rank in their order. */
class Ranks<T> {
  private readonly values: T[] = [];
  private readonly slots = new Map<T, number>();

  /** A new slot for `v` (the caller knows it equals no value before it). */
  add(v: T): number {
    return this.values.push(v) - 1;
  }

  /** `v`'s slot: the same for the same value (numbers, strings). */
  slot(v: T): number {
    let s = this.slots.get(v);
    if (s === undefined) this.slots.set(v, (s = this.add(v)));
    return s;
  }

  /**
   * Each slot's rank in `compare`'s order (distinct values, distinct ranks); without `compare`,
   * numbers or strings in the native sort's order (numbers by value, strings by UTF-16 code
   * units, as `<` compares them) with no comparator called.
   */
  order(compare?: (x: T, y: T) => number): Float64Array {
    const { values } = this;
    const rank = new Float64Array(values.length);
    if (compare) {
      const bySort = values.map((_, i) => i).sort((i, j) => compare(values[i]!, values[j]!));
      for (let k = 0; k < bySort.length; k++) rank[bySort[k]!] = k;
      return rank;
    }
    const sorted =
      typeof values[0] === 'number'
        ? Float64Array.from(values as number[]).sort()
        : [...(values as string[])].sort();
    const rankOf = new Map<unknown, number>();
    for (let k = 0; k < sorted.length; k++) rankOf.set(sorted[k], k);
    for (let i = 0; i < values.length; i++) rank[i] = rankOf.get(values[i])!;
    return rank;
  }
}

/** The slot under a, b, c in `m`, a new one of `ranks` for `v` when there is none. */
function slotOf<T>(
  m: Map<string, Map<string, Map<string, number>>>,
  a: string,
  b: string,
  c: string,
  ranks: Ranks<T>,
  v: T,
): number {
  const inC = mapUnder(mapUnder(m, a), b);
  let s = inC.get(c);
  if (s === undefined) inC.set(c, (s = ranks.add(v)));
  return s;
}

/** Namespace, kind, name. */
function compareWorkloads(x: WorkloadRef, y: WorkloadRef): number {
  return (
    compareStrings(x.namespace, y.namespace) ||
    compareStrings(x.kind, y.kind) ||
    compareStrings(x.name, y.name)
  );
}

/** Workload (namespace, kind, name), direction (ingress first), peer, port, protocol. */
export function compareRows(x: Communication, y: Communication): number {
  return (
    compareWorkloads(x.workload, y.workload) ||
    DIRECTION_ORDER[x.direction] - DIRECTION_ORDER[y.direction] ||
    comparePeers(x.peer, y.peer) ||
    x.port - y.port ||
    compareStrings(x.protocol, y.protocol)
  );
}

export interface HistogramScope {
  inventory?: Inventory;
  entity?: EntityType | 'all';
  namespace?: string;
  workload?: WorkloadRef;
  /** The aggregates were resolved again against `inventory` already (QueryInput's `resolved`). */
  resolved?: boolean;
}

/**
 * Flows per bar (`bucketMs`, at least the aggregates' bucket width) of the aggregates in scope
 * (all of them without an entity), each aggregate counted once even when both its sides are in
 * scope.
 */
export function activityHistogram(
  aggregates: CommAggregate[],
  scope: HistogramScope = {},
  bucketMs: number = MIN_BUCKET_MS,
): HistogramPoint[] {
  const inv = scope.inventory;
  const counted = countedAggregates(aggregates);
  let list = inv ? counted.filter((a) => a.cluster === inv.cluster) : counted;
  if (scope.entity !== undefined || scope.namespace !== undefined || scope.workload) {
    const idx = indexInventory(inv ?? emptyInventory(''));
    const s: Scope = makeScope(idx, scope.entity ?? 'all', scope.namespace, scope.workload);
    list = (scope.resolved ? list : reresolveAggregates(list, idx)).filter(
      (a) => selectionsOf(s, a).length > 0,
    );
  }
  return histogram(list, bucketMs);
}
