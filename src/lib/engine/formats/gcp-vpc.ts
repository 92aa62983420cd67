/**
 * GCP VPC Flow Logs (FORMATS.md §5.2): Cloud Logging LogEntry JSON with the flow in
 * `jsonPayload` (`connection` 5-tuple, `start_time`/`end_time`, int64 counters as strings, and
 * `src_gke_details`/`dest_gke_details` when GKE metadata is on). No initiator: one record per
 * direction per reporting VM, so the aggregate layer's heuristics decide.
 */
import type { EndpointMeta, FlowRecord } from '../model/flow';
import {
  isObject,
  jsonObjectLineParser,
  normalizeProto,
  parseIsoTime,
  str,
  toNumber,
  toPort,
  type LineParser,
  type ParseContext,
} from './common';

type Obj = Record<string, unknown>;

export function gcpVpcParser(ctx: ParseContext): LineParser {
  return jsonObjectLineParser(
    ctx,
    (o) => gcpRecord(isObject(o.jsonPayload) ? o.jsonPayload : o),
    'GCP log entry without jsonPayload.connection src_ip/dest_ip',
  );
}

const REPORTER: Record<string, FlowRecord['reporter']> = {
  SRC: 'src',
  SRC_GATEWAY: 'src',
  DEST: 'dst',
  DEST_GATEWAY: 'dst',
};

/** Builds the common record from a VPC flow `jsonPayload`; null without a connection. */
export function gcpRecord(p: Obj): FlowRecord | null {
  const c = p.connection;
  if (!isObject(c)) return null;
  const srcIp = str(c.src_ip);
  const dstIp = str(c.dest_ip);
  if (!srcIp || !dstIp) return null;
  const r: FlowRecord = {
    format: 'gcp-vpc',
    time: parseIsoTime(p.start_time),
    srcIp,
    dstIp,
    proto: normalizeProto(c.protocol),
    initiator: 'unknown',
  };
  const end = parseIsoTime(p.end_time);
  if (end !== null) r.timeEnd = end;
  const sp = toPort(c.src_port);
  const dp = toPort(c.dest_port);
  if (sp !== undefined) r.srcPort = sp;
  if (dp !== undefined) r.dstPort = dp;
  const bytes = toNumber(p.bytes_sent);
  const packets = toNumber(p.packets_sent);
  if (bytes !== undefined) r.bytes = bytes;
  if (packets !== undefined) r.packets = packets;
  const rep = REPORTER[String(p.reporter)];
  if (rep) r.reporter = rep;
  const src = gcpEndpoint(p.src_gke_details, p.src_instance);
  const dst = gcpEndpoint(p.dest_gke_details, p.dest_instance);
  if (src) r.src = src;
  if (dst) r.dst = dst;
  return r;
}

function gcpEndpoint(gke: unknown, instance: unknown): EndpointMeta | undefined {
  const m: EndpointMeta = {};
  if (isObject(gke)) {
    addCluster(m, gke.cluster);
    addPod(m, gke.pod);
    addService(m, gke.service);
  }
  if (isObject(instance)) {
    const vm = str(instance.vm_name);
    if (vm && isObject(gke)) m.node = vm;
  }
  return Object.keys(m).length > 0 ? m : undefined;
}

function addCluster(m: EndpointMeta, cluster: unknown): void {
  if (!isObject(cluster)) return;
  const name = str(cluster.cluster_name);
  if (name) m.cluster = name;
}

function addPod(m: EndpointMeta, pod: unknown): void {
  if (!isObject(pod)) return;
  const name = str(pod.pod_name);
  const ns = str(pod.pod_namespace);
  if (name) {
    m.pod = name;
    m.kind = 'pod';
  }
  if (ns) m.namespace = ns;
  const w = pod.pod_workload;
  if (!isObject(w)) return;
  const wName = str(w.workload_name);
  const wType = str(w.workload_type);
  if (wName) m.workloadName = wName;
  if (wType) m.workloadKind = workloadKind(wType);
}

/** GKE spells workload types in upper case (`DEPLOYMENT`); the engine uses Kubernetes kinds. */
function workloadKind(t: string): string {
  const k: Record<string, string> = {
    DEPLOYMENT: 'Deployment',
    DAEMONSET: 'DaemonSet',
    STATEFULSET: 'StatefulSet',
    CRONJOB: 'CronJob',
    JOB: 'Job',
    REPLICASET: 'ReplicaSet',
  };
  return k[t.toUpperCase().replace(/_/g, '')] ?? t;
}

function addService(m: EndpointMeta, services: unknown): void {
  const s: unknown = Array.isArray(services) ? services[0] : services;
  if (!isObject(s)) return;
  const name = str(s.service_name);
  if (name) m.service = { namespace: str(s.service_namespace) ?? m.namespace ?? '', name };
}
