/**
 * Verification (DESIGN.md §7): replays each communication through the generated policies plus
 * the dump's existing NetworkPolicies and says whether it would be allowed, and which policy
 * and rule decided — or which policies isolate it when denied. Workloads are represented by one
 * of their pods from the inventory, or by a pod synthesised from their template labels.
 */
import type { Communication, Peer, WorkloadRef } from '../model/communication';
import type { Inventory, NetworkPolicy, PodInfo } from '../model/k8s';
import {
  evaluatePair,
  type DirectionDecision,
  type EvalPeer,
  type HostNetworkMode,
} from '../evaluate/index';
import { type Decisions, isIncluded } from './decisions';
import { cmp } from './labels';
import { findWorkload, podsOf } from './selectors';

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
}

export interface CommVerdict {
  key: Communication['key'];
  communication: Communication;
  /** null when one end cannot be represented (a workload with no pod and no labels). */
  allowed: boolean | null;
  egress: DirectionDecision | null;
  ingress: DirectionDecision | null;
  /** Which side denies: the client's egress, the server's ingress, or both. */
  deniedBy: 'egress' | 'ingress' | 'both' | null;
  /** Whether the decisions include the row (when decisions were given). */
  included?: boolean;
  reason?: string;
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
  const pods = podsOf(inv, ref).sort(
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

function peerEndpoint(inv: Inventory, p: Peer): EvalPeer | null {
  if (p.type === 'workload') {
    const pod = representativePod(inv, p);
    return pod ? { kind: 'pod', pod } : null;
  }
  return { kind: 'ip', ip: p.ip };
}

function ends(inv: Inventory, c: Communication): { src: EvalPeer; dst: EvalPeer } | string {
  const self = representativePod(inv, c.workload);
  if (!self)
    return `no pod or labels known for ${c.workload.kind} ${c.workload.namespace}/${c.workload.name}`;
  const p = c.peer;
  const sameWorkload =
    p.type === 'workload' &&
    p.kind === c.workload.kind &&
    p.namespace === c.workload.namespace &&
    p.name === c.workload.name;
  const other = sameWorkload ? { kind: 'pod' as const, pod: sibling(self) } : peerEndpoint(inv, p);
  if (!other)
    return `no pod or labels known for the peer ${p.type === 'workload' ? `${p.kind} ${p.namespace}/${p.name}` : ''}`;
  const me: EvalPeer = { kind: 'pod', pod: self };
  return c.direction === 'egress' ? { src: me, dst: other } : { src: other, dst: me };
}

function deniedBy(e: DirectionDecision, i: DirectionDecision): CommVerdict['deniedBy'] {
  if (!e.allowed && !i.allowed) return 'both';
  return !e.allowed ? 'egress' : !i.allowed ? 'ingress' : null;
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
    ipBlockMatchesPods: input.ipBlockMatchesPods ?? false,
    hostNetwork: input.hostNetwork ?? 'node',
  };
  return input.communications.map((c) => {
    const d = input.decisions?.find(
      (x) =>
        x.workload.kind === c.workload.kind &&
        x.workload.namespace === c.workload.namespace &&
        x.workload.name === c.workload.name,
    );
    const base = { key: c.key, communication: c, ...(d ? { included: isIncluded(d, c) } : {}) };
    const e = ends(inv, c);
    if (typeof e === 'string')
      return { ...base, allowed: null, egress: null, ingress: null, deniedBy: null, reason: e };
    const v = evaluatePair(ctx, e.src, e.dst, c.port, c.protocol);
    return {
      ...base,
      allowed: v.allowed,
      egress: v.egress,
      ingress: v.ingress,
      deniedBy: deniedBy(v.egress, v.ingress),
    };
  });
}
