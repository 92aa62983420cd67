/**
 * Hubble `-o jsonpb` lines for synthetic connections, shaped like the real samples
 * (cilium/hubble-otel testdata, Cilium ≥ 1.16 fields): every TCP connection shows up at both
 * observation points (client node EGRESS, server node INGRESS), with its replies, flag
 * changes, policy-verdict events, overlay events without `is_reply`, and a few drops.
 */
import type { Rng } from './rng';
import { hex, int } from './rng';
import type { SimCluster, SimNode, SimPod, SimService } from './cluster';

/** One end of a connection as Hubble sees it. */
export interface Peer {
  ip: string;
  endpoint: Record<string, unknown>;
  node: SimNode | null;
  mac: string;
}

export interface Conn {
  client: Peer;
  server: Peer;
  sport: number;
  dport: number;
  protocol: 'TCP' | 'UDP';
  service: SimService | null;
  /** Connection start, epoch µs. */
  start: number;
  dropped: boolean;
}

interface Ev {
  dt: number;
  fwd: boolean;
  at: 'client' | 'server' | 'overlay';
  flags?: Record<string, true>;
  reply?: boolean;
  point?: string;
  type?: number;
  sub?: number;
}

const SYN = { SYN: true } as const;
const SYNACK = { SYN: true, ACK: true } as const;
const ACK = { ACK: true } as const;
const PSH = { PSH: true, ACK: true } as const;
const FIN = { FIN: true, ACK: true } as const;

export function podPeer(c: SimCluster, p: SimPod, rng: Rng): Peer {
  const labels = [
    ...Object.entries(p.labels)
      .filter(
        ([k]) =>
          k !== 'pod-template-hash' &&
          k !== 'controller-revision-hash' &&
          k !== 'job-name' &&
          !k.startsWith('statefulset.'),
      )
      .map(([k, v]) => `k8s:${k}=${v}`),
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${p.namespace}`,
    `k8s:io.cilium.k8s.policy.cluster=${c.name}`,
    `k8s:io.cilium.k8s.policy.serviceaccount=${p.workload.name}`,
    `k8s:io.kubernetes.pod.namespace=${p.namespace}`,
  ];
  const endpoint = {
    ID: int(rng, 100, 4000),
    identity: p.identity,
    cluster_name: c.name,
    namespace: p.namespace,
    labels,
    pod_name: p.name,
    workloads: [{ name: p.workload.name, kind: p.workload.kind }],
  };
  return { ip: p.ip, endpoint, node: p.node, mac: mac(rng) };
}

export function reservedPeer(
  ip: string,
  kind: 'host' | 'world',
  node: SimNode | null,
  rng: Rng,
): Peer {
  const endpoint =
    kind === 'host'
      ? { identity: 1, labels: ['reserved:host'] }
      : { identity: 2, labels: ['reserved:world'] };
  return { ip, endpoint, node, mac: mac(rng) };
}

function mac(rng: Rng): string {
  return Array.from({ length: 6 }, () => int(rng, 0, 256).toString(16).padStart(2, '0')).join(':');
}

/** The events a connection produces, by observation point. */
function script(conn: Conn): Ev[] {
  const c = conn.client.node !== null && conn.client.endpoint['pod_name'] !== undefined;
  const s = conn.server.node !== null && conn.server.endpoint['pod_name'] !== undefined;
  const cross = c && s && conn.client.node !== conn.server.node;
  const out: Ev[] = [];
  if (conn.protocol === 'UDP') {
    if (c) out.push({ dt: 0, fwd: true, at: 'client', reply: false, point: 'TO_STACK', sub: 3 });
    if (cross) out.push({ dt: 15, fwd: true, at: 'overlay', point: 'TO_OVERLAY', sub: 4 });
    if (s) out.push({ dt: 60, fwd: true, at: 'server', reply: false, point: 'TO_ENDPOINT' });
    if (s) out.push({ dt: 400, fwd: false, at: 'server', reply: true, point: 'TO_STACK', sub: 3 });
    if (c) out.push({ dt: 480, fwd: false, at: 'client', reply: true, point: 'TO_ENDPOINT' });
    return out;
  }
  if (conn.dropped) {
    return [0, 1_000_000, 3_000_000].map((dt) => ({
      dt,
      fwd: true,
      at: 'client' as const,
      flags: SYN,
      reply: false,
      type: 1,
      sub: 133,
    }));
  }
  if (c) {
    if (conn.sport % 2 === 0)
      out.push({ dt: 0, fwd: true, at: 'client', flags: SYN, reply: false, type: 5 });
    out.push({
      dt: 5,
      fwd: true,
      at: 'client',
      flags: SYN,
      reply: false,
      point: 'TO_STACK',
      sub: 3,
    });
    out.push({
      dt: 700,
      fwd: false,
      at: 'client',
      flags: SYNACK,
      reply: true,
      point: 'TO_ENDPOINT',
    });
    out.push({
      dt: 720,
      fwd: true,
      at: 'client',
      flags: ACK,
      reply: false,
      point: 'TO_STACK',
      sub: 3,
    });
    out.push({
      dt: 900,
      fwd: true,
      at: 'client',
      flags: PSH,
      reply: false,
      point: 'TO_STACK',
      sub: 3,
    });
    out.push({
      dt: 25_000,
      fwd: false,
      at: 'client',
      flags: PSH,
      reply: true,
      point: 'TO_ENDPOINT',
    });
    out.push({
      dt: 26_000,
      fwd: true,
      at: 'client',
      flags: FIN,
      reply: false,
      point: 'TO_STACK',
      sub: 3,
    });
    out.push({
      dt: 26_600,
      fwd: false,
      at: 'client',
      flags: FIN,
      reply: true,
      point: 'TO_ENDPOINT',
    });
  }
  if (cross)
    out.push({ dt: 20, fwd: true, at: 'overlay', flags: ACK, point: 'TO_OVERLAY', sub: 4 });
  if (s) {
    out.push({ dt: 300, fwd: true, at: 'server', flags: SYN, reply: false, point: 'TO_ENDPOINT' });
    out.push({
      dt: 350,
      fwd: false,
      at: 'server',
      flags: SYNACK,
      reply: true,
      point: 'TO_STACK',
      sub: 3,
    });
    out.push({
      dt: 1_200,
      fwd: true,
      at: 'server',
      flags: PSH,
      reply: false,
      point: 'TO_ENDPOINT',
    });
    out.push({
      dt: 24_500,
      fwd: false,
      at: 'server',
      flags: PSH,
      reply: true,
      point: 'TO_STACK',
      sub: 3,
    });
    out.push({
      dt: 26_300,
      fwd: true,
      at: 'server',
      flags: FIN,
      reply: false,
      point: 'TO_ENDPOINT',
    });
    out.push({
      dt: 26_400,
      fwd: false,
      at: 'server',
      flags: FIN,
      reply: true,
      point: 'TO_STACK',
      sub: 3,
    });
  }
  return out;
}

/** The jsonpb lines of one connection (in event order). */
export function connectionLines(conn: Conn, rng: Rng): string[] {
  return script(conn).map((ev) => JSON.stringify(line(conn, ev, rng)));
}

function line(conn: Conn, ev: Ev, rng: Rng): unknown {
  const [src, dst] = ev.fwd ? [conn.client, conn.server] : [conn.server, conn.client];
  const [sport, dport] = ev.fwd ? [conn.sport, conn.dport] : [conn.dport, conn.sport];
  const observer = ev.at === 'server' ? conn.server : conn.client;
  const nodeName = observer.node?.name ?? conn.server.node?.name ?? 'unknown';
  const time = timestamp(conn.start + ev.dt, rng);
  const l4 =
    conn.protocol === 'TCP'
      ? { TCP: { source_port: sport, destination_port: dport, flags: ev.flags } }
      : { UDP: { source_port: sport, destination_port: dport } };
  const flow: Record<string, unknown> = {
    time,
    uuid: `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`,
    verdict: ev.type === 1 ? 'DROPPED' : 'FORWARDED',
    ethernet: { source: src.mac, destination: dst.mac },
    IP: { source: src.ip, destination: dst.ip, ipVersion: 'IPv4' },
    l4,
    source: src.endpoint,
    destination: dst.endpoint,
    Type: 'L3_L4',
    node_name: nodeName,
    event_type:
      ev.sub !== undefined ? { type: ev.type ?? 4, sub_type: ev.sub } : { type: ev.type ?? 4 },
  };
  if (ev.type === 1) {
    flow['drop_reason'] = 133;
    flow['drop_reason_desc'] = 'POLICY_DENIED';
  }
  if (ev.at !== 'overlay') flow['traffic_direction'] = ev.at === 'client' ? 'EGRESS' : 'INGRESS';
  if (ev.point) flow['trace_observation_point'] = ev.point;
  if (ev.type === 5) flow['policy_match_type'] = 3;
  if (ev.reply !== undefined) flow['is_reply'] = ev.reply;
  if (ev.reply) flow['reply'] = true;
  if (ev.point === 'TO_ENDPOINT')
    flow['interface'] = { index: 20 + (conn.sport % 40), name: `lxc${hex(rng, 11)}` };
  if (conn.service && ev.fwd)
    flow['destination_service'] = { name: conn.service.name, namespace: conn.service.namespace };
  if (conn.service && !ev.fwd)
    flow['source_service'] = { name: conn.service.name, namespace: conn.service.namespace };
  flow['Summary'] =
    conn.protocol === 'TCP' ? `TCP Flags: ${Object.keys(ev.flags ?? {}).join(', ')}` : 'UDP';
  return { flow, node_name: nodeName, time };
}

/** RFC 3339 with nanoseconds, like Hubble. */
function timestamp(us: number, rng: Rng): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const sub =
    String(Math.floor(us) % 1000).padStart(3, '0') + String(int(rng, 0, 1000)).padStart(3, '0');
  return `${iso.slice(0, -1)}${sub}Z`;
}
