/**
 * Verification (DESIGN.md §7): replays each communication through the generated policies plus
 * the dump's existing NetworkPolicies and its admin policies (AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy, ClusterNetworkPolicy, in their tiers) and says whether it would be
 * allowed, and which policy and rule decided — for a denied row, the explanation's reasons.
 * Workloads are represented by one of their pods from the inventory, or by a pod synthesised
 * from their template labels.
 */
import type { Communication, Peer } from '../model/communication';
import { sameWorkload, workloadKey, workloadKeys, type WorkloadRef } from '../model/ids';
import type { Inventory, NetworkPolicy, PodInfo } from '../model/k8s';
import {
  pairEvaluator,
  connectionExplainer,
  type DirectionDecision,
  type EvalPeer,
  type HostNetworkMode,
} from '../evaluate/index';
import { type Decisions, isIncluded } from './decisions';
import { verdictOf, type CommVerdict } from './verdict';
import { cmp } from '../model/text';
import { podsOf } from '../inventory/backing';
import { findWorkload } from './selectors';
import { capturedOrIncluded, portText } from '../aggregate/undetermined';

export type { CommVerdict } from './verdict';

export interface VerifyInput {
  inventory: Inventory;
  communications: Communication[];
  /** Generated policies; one with the name and namespace of an existing policy replaces it. */
  policies: NetworkPolicy[];
  /** Add the dump's own NetworkPolicies (default true). */
  withExisting?: boolean;
  /** Evaluator switches (SEMANTICS.md §5, §8); defaults: ipBlocks never match pods, hostNetwork as node. */
  ipBlockMatchesPods?: boolean;
  hostNetwork?: HostNetworkMode;
  /** The user's decisions: each verdict then says whether the row was included. */
  decisions?: Decisions[];
  /** Denied rows carry `why`: the reasons of each side (the explanation at the row's port). */
  explain?: boolean;
  /** With `explain`, only the first this many denied rows (explaining costs; default all). */
  explainLimit?: number;
}

const key = (ns: string | undefined, name: string) => `${ns ?? 'default'}/${name}`;

/** Existing policies, with generated ones replacing those of the same namespace/name. */
export function effectivePolicies(
  existing: NetworkPolicy[],
  generated: NetworkPolicy[],
): NetworkPolicy[] {
  const names = new Set(generated.map((p) => key(p.metadata.namespace, p.metadata.name)));
  return [
    ...existing.filter((p) => !names.has(key(p.metadata.namespace, p.metadata.name))),
    ...generated,
  ];
}

function synthesized(ref: WorkloadRef, labels: Record<string, string>): PodInfo {
  const owner = { kind: ref.kind, name: ref.name };
  return {
    namespace: ref.namespace,
    name: `${ref.name}-${ref.kind.toLowerCase()}-netpolish-representative`,
    ips: [],
    hostNetwork: false,
    labels,
    owner,
    ownerChain: [owner],
    containerPorts: [],
  };
}

/** A pod standing for the workload (a Service: a pod it selects), or null. */
export function representativePod(inv: Inventory, ref: WorkloadRef): PodInfo | null {
  if (ref.kind === 'Service') {
    const svc = inv.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
    const sel = svc?.selector;
    if (!sel || Object.keys(sel).length === 0) return null;
    const pod = inv.pods
      .filter(
        (p) =>
          p.namespace === ref.namespace &&
          Object.entries(sel).every(([k, v]) => Object.hasOwn(p.labels, k) && p.labels[k] === v),
      )
      .sort((a, b) => cmp(a.name, b.name))[0];
    return pod ?? synthesized(ref, { ...sel });
  }
  const pods = [...podsOf(inv, ref)].sort(
    (a, b) => Number(b.ips.length > 0) - Number(a.ips.length > 0) || cmp(a.name, b.name),
  );
  if (pods[0]) return pods[0];
  const labels = findWorkload(inv, ref)?.templateLabels;
  return labels && Object.keys(labels).length > 0 ? synthesized(ref, labels) : null;
}

/** A second pod of the same workload, for traffic between two of its pods (never pod-to-itself). */
function sibling(pod: PodInfo): PodInfo {
  return { ...pod, name: `${pod.name}-netpolish-sibling`, ips: [], hostIP: undefined };
}

/** Each workload object's key, made once (rows share their workload's object). */
const refKeys = new WeakMap<WorkloadRef, string>();

function refKey(r: WorkloadRef): string {
  let k = refKeys.get(r);
  if (k === undefined) refKeys.set(r, (k = workloadKey(r.kind, r.namespace, r.name)));
  return k;
}

/**
 * The ends of one replay, memoised per workload: its representative pod (and that pod's
 * sibling) are found once, not once per row, so a replay is linear in its rows.
 */
interface Ends {
  inv: Inventory;
  pods: Map<string, PodInfo | null>;
  siblings: Map<PodInfo, PodInfo>;
  /** Each row's own workload key, rows taken in turn (`workloadKeys`). */
  rowKey: (ref: WorkloadRef) => string;
}

function endsOf(inv: Inventory): Ends {
  return { inv, pods: new Map(), siblings: new Map(), rowKey: workloadKeys() };
}

function podFor(m: Ends, ref: WorkloadRef, k = refKey(ref)): PodInfo | null {
  let pod = m.pods.get(k);
  if (pod === undefined) {
    pod = representativePod(m.inv, ref);
    m.pods.set(k, pod);
  }
  return pod;
}

function siblingOf(m: Ends, pod: PodInfo): PodInfo {
  let s = m.siblings.get(pod);
  if (!s) {
    s = sibling(pod);
    m.siblings.set(pod, s);
  }
  return s;
}

function peerEndpoint(m: Ends, p: Peer): EvalPeer | null {
  if (p.type === 'workload') {
    const pod = podFor(m, p);
    return pod ? { kind: 'pod', pod } : null;
  }
  return { kind: 'ip', ip: p.ip };
}

/** How the reasons name a workload: `ns/name[Kind]` as the connectivity report does. */
export function workloadLabel(w: WorkloadRef): string {
  return `${w.namespace}/${w.name}[${w.kind}]`;
}

function peerLabel(p: Peer): string {
  if (p.type === 'workload') return workloadLabel(p);
  if (p.type === 'node') return `node ${p.name} (${p.ip})`;
  return p.alias ? `${p.ip} (${p.alias})` : p.ip;
}

/** The names of the source and destination of a row in its reasons. */
function labelsOf(c: Communication): { src: string; dst: string } {
  const me = workloadLabel(c.workload);
  const other = peerLabel(c.peer);
  return c.direction === 'egress' ? { src: me, dst: other } : { src: other, dst: me };
}

/** A row named by its ends and port: "ns/a[Deployment] → ns/b[Deployment] 9080/TCP". */
export function rowText(c: Communication): string {
  const { src, dst } = labelsOf(c);
  return `${src} → ${dst} ${portText(c)}`;
}

function ends(m: Ends, c: Communication): { src: EvalPeer; dst: EvalPeer } | string {
  const self = podFor(m, c.workload, m.rowKey(c.workload));
  if (!self)
    return `no pod or labels known for ${c.workload.kind} ${c.workload.namespace}/${c.workload.name}`;
  const p = c.peer;
  const other =
    p.type === 'workload' && sameWorkload(p, c.workload)
      ? { kind: 'pod' as const, pod: siblingOf(m, self) }
      : peerEndpoint(m, p);
  if (!other)
    return `no pod or labels known for the peer ${p.type === 'workload' ? `${p.kind} ${p.namespace}/${p.name}` : ''}`;
  const me: EvalPeer = { kind: 'pod', pod: self };
  return c.direction === 'egress' ? { src: me, dst: other } : { src: other, dst: me };
}

/** The evaluated ends of rows over one inventory (representative pods found once), or why not. */
export function rowEnds(
  inv: Inventory,
): (c: Communication) => { src: EvalPeer; dst: EvalPeer } | string {
  const m = endsOf(inv);
  return (c) => ends(m, c);
}

/** The first Decisions of each workload (as a search of the list per row would find). */
function decisionsByWorkload(list: Decisions[] | undefined): Map<string, Decisions> | null {
  if (!list) return null;
  const map = new Map<string, Decisions>();
  for (const d of list) {
    const k = refKey(d.workload);
    if (!map.has(k)) map.set(k, d);
  }
  return map;
}

function deniedBy(e: DirectionDecision, i: DirectionDecision): CommVerdict['deniedBy'] {
  if (!e.allowed && !i.allowed) return 'both';
  return !e.allowed ? 'egress' : !i.allowed ? 'ingress' : null;
}

/**
 * The rows a replay verifies: every captured communication, and of the undetermined rows
 * (initiator unknown, DESIGN.md §5) those a decision included — the others are one reading of
 * events no policy was asked to allow, and would read as broken.
 */
export function replayedRows(comms: Communication[], decisions: Decisions[]): Communication[] {
  const byWorkload = decisionsByWorkload(decisions)!;
  const rowKey = workloadKeys();
  return capturedOrIncluded(comms, (c) => {
    const d = byWorkload.get(rowKey(c.workload));
    return d !== undefined && isIncluded(d, c);
  });
}

/** One verdict per communication, in input order. */
export function verifyCommunications(input: VerifyInput): CommVerdict[] {
  const inv = input.inventory;
  const policies = effectivePolicies(
    input.withExisting === false ? [] : inv.networkPolicies,
    input.policies,
  );
  const ctx = {
    pods: inv.pods,
    namespaces: inv.namespaces,
    policies,
    adminPolicies: inv.adminPolicies ?? [],
    ipBlockMatchesPods: input.ipBlockMatchesPods ?? false,
    hostNetwork: input.hostNetwork ?? 'node',
  };
  const evaluate = pairEvaluator(ctx);
  const m = endsOf(inv);
  const explain = input.explain ? connectionExplainer(ctx) : null;
  let explainable = input.explainLimit ?? Infinity;
  const decisions = decisionsByWorkload(input.decisions);
  return input.communications.map((c) => {
    const d = decisions?.get(m.rowKey(c.workload));
    const e = ends(m, c);
    if (typeof e === 'string') {
      const none = { allowed: null, egress: null, ingress: null, deniedBy: null, reason: e };
      return verdictOf(c, d && isIncluded(d, c), none, null);
    }
    const v = evaluate(e.src, e.dst, c.port, c.protocol);
    const why =
      explain && !v.allowed && explainable-- > 0
        ? explain(e.src, e.dst, c.port, c.protocol, labelsOf(c))
        : null;
    const decided = {
      allowed: v.allowed,
      egress: v.egress,
      ingress: v.ingress,
      deniedBy: deniedBy(v.egress, v.ingress),
    };
    return verdictOf(c, d && isIncluded(d, c), decided, why);
  });
}
