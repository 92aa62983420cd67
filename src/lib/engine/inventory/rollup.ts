/**
 * Inline flow metadata → top-owner workload, for pods the dump may not know (DESIGN.md §3.2):
 * a workload kind/name from the flow (a ReplicaSet rolls up to its Deployment, a Job to its
 * CronJob when known), else the pod's labels and name (`<deploy>-<hash>-<rand>`,
 * `<sts>-<n>`, `<cronjob>-<digits>-<rand>`, …), else a bare Pod.
 */
import type { WorkloadRef } from '../model/communication';
import type { InventoryIndex } from './inventory-index';
import { workloadKey } from '../model/ids';
import { WORKLOAD_KINDS } from './workloads';

/**
 * NOTE: generated name suffixes (pod-template-hash, generateName) use apimachinery's
 * SafeEncodeString alphabet: no vowels, no 0/1/3, to avoid words and look-alikes.
 */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const RAND = new RegExp(`^(.+)-${SAFE}{5}$`);
const HASH_RAND = new RegExp(`^(.+)-(${SAFE}{6,10}|\\d{6,10})-${SAFE}{5}$`);
const RS_HASH = new RegExp(`^(.+)-(${SAFE}{6,10}|\\d{6,10})$`);
const JOB_RUN = /^(.+)-(\d+)$/;
const CRONJOB_POD = new RegExp(`^(.+)-(\\d+)-${SAFE}{5}$`);
const STS_POD = /^(.+)-(\d+)$/;

const KIND_NAMES = [...WORKLOAD_KINDS, 'Pod'];

/** `deployment` → `Deployment` (formats spell kinds differently). */
export function canonicalKind(kind: string): string {
  return KIND_NAMES.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? kind;
}

function known(idx: InventoryIndex, kind: string, ns: string, name: string): boolean {
  return idx.workloads.has(workloadKey(kind, ns, name));
}

function ref(kind: string, namespace: string, name: string): WorkloadRef {
  return { kind, namespace, name };
}

function rollupReplicaSet(ns: string, name: string, labels: Record<string, string>): WorkloadRef {
  const hash = labels['pod-template-hash'];
  if (hash !== undefined && name.endsWith(`-${hash}`)) {
    return ref('Deployment', ns, name.slice(0, -hash.length - 1));
  }
  const m = RS_HASH.exec(name);
  if (m?.[1] !== undefined) return ref('Deployment', ns, m[1]);
  return ref('ReplicaSet', ns, name);
}

function rollupJob(idx: InventoryIndex, ns: string, name: string): WorkloadRef {
  const m = JOB_RUN.exec(name);
  if (m?.[1] !== undefined && known(idx, 'CronJob', ns, m[1])) return ref('CronJob', ns, m[1]);
  return ref('Job', ns, name);
}

/** A workload named by flow metadata → its top owner. */
export function rollupWorkload(
  idx: InventoryIndex,
  ns: string,
  rawKind: string,
  name: string,
  labels: Record<string, string>,
  depth = 0,
): WorkloadRef {
  const kind = canonicalKind(rawKind);
  const w = idx.workloads.get(workloadKey(kind, ns, name));
  if (w?.owner !== undefined && depth < 8) {
    return rollupWorkload(idx, ns, w.owner.kind, w.owner.name, {}, depth + 1);
  }
  if (w !== undefined) return ref(kind, ns, name);
  if (kind === 'ReplicaSet') return rollupReplicaSet(ns, name, labels);
  if (kind === 'Job') return rollupJob(idx, ns, name);
  return ref(kind, ns, name);
}

function byLabels(
  idx: InventoryIndex,
  ns: string,
  pod: string,
  labels: Record<string, string>,
): WorkloadRef | undefined {
  const hash = labels['pod-template-hash'];
  if (hash !== undefined) {
    const m = new RegExp(`^(.+-${hash.replace(/[^a-z0-9]/gi, '')})-[a-z0-9]+$`).exec(pod);
    if (m?.[1] !== undefined) return rollupWorkload(idx, ns, 'ReplicaSet', m[1], labels);
  }
  const job = labels['batch.kubernetes.io/job-name'] ?? labels['job-name'];
  if (job !== undefined) return rollupWorkload(idx, ns, 'Job', job, labels);
  const sts = STS_POD.exec(pod);
  if (labels['statefulset.kubernetes.io/pod-name'] === pod && sts?.[1] !== undefined) {
    return rollupWorkload(idx, ns, 'StatefulSet', sts[1], labels);
  }
  return undefined;
}

function byKnownName(idx: InventoryIndex, ns: string, pod: string): WorkloadRef | undefined {
  const cron = CRONJOB_POD.exec(pod);
  if (cron?.[1] !== undefined && known(idx, 'CronJob', ns, cron[1]))
    return ref('CronJob', ns, cron[1]);
  const sts = STS_POD.exec(pod);
  if (sts?.[1] !== undefined && known(idx, 'StatefulSet', ns, sts[1]))
    return ref('StatefulSet', ns, sts[1]);
  const rand = RAND.exec(pod);
  for (const kind of ['DaemonSet', 'Job', 'ReplicaSet', 'ReplicationController']) {
    if (rand?.[1] !== undefined && known(idx, kind, ns, rand[1]))
      return rollupWorkload(idx, ns, kind, rand[1], {});
  }
  return undefined;
}

/** A pod named by flow metadata but absent from the dump → its most plausible top owner. */
export function rollupPodName(
  idx: InventoryIndex,
  ns: string,
  pod: string,
  labels: Record<string, string>,
): WorkloadRef {
  const found = byLabels(idx, ns, pod, labels) ?? byKnownName(idx, ns, pod);
  if (found !== undefined) return found;
  const m = HASH_RAND.exec(pod);
  if (m?.[1] !== undefined) return ref('Deployment', ns, m[1]);
  return ref('Pod', ns, pod);
}

/** Calico-style `frontend-755cdc7957-*` → the workload it aggregates, when recognisable. */
export function rollupAggregate(
  idx: InventoryIndex,
  ns: string,
  aggregated: string,
): WorkloadRef | undefined {
  const base = aggregated.replace(/-?\*$/, '');
  if (base === '' || base === aggregated) return undefined;
  for (const kind of ['Deployment', 'DaemonSet', 'StatefulSet', 'CronJob', 'Job', 'ReplicaSet']) {
    if (known(idx, kind, ns, base)) return rollupWorkload(idx, ns, kind, base, {});
  }
  const m = RS_HASH.exec(base);
  return m?.[1] !== undefined ? ref('Deployment', ns, m[1]) : undefined;
}
