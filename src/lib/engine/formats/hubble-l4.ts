/**
 * A Hubble flow's `l4` (TCP, UDP, SCTP with ports, ICMPv4/v6 with type and code, or another
 * protocol by its name) on the common record.
 */
import type { FlowRecord } from '../model/flow';
import { isObject, normalizeProto, toPort } from './common';

type Obj = Record<string, unknown>;

/** The flow's `l4`: protocol, ports, TCP flags or ICMP type and code. */
export function addHubbleL4(r: FlowRecord, l4: Obj): void {
  const transport = (l4.TCP ?? l4.UDP ?? l4.SCTP) as unknown;
  if (isObject(transport)) {
    r.proto = l4.TCP ? 'TCP' : l4.UDP ? 'UDP' : 'SCTP';
    const sp = toPort(transport.source_port ?? transport.sourcePort);
    const dp = toPort(transport.destination_port ?? transport.destinationPort);
    if (sp !== undefined) r.srcPort = sp;
    if (dp !== undefined) r.dstPort = dp;
    if (isObject(transport.flags)) addTcpFlags(r, transport.flags);
    return;
  }
  const icmp = (l4.ICMPv4 ?? l4.ICMPv6) as unknown;
  if (isObject(icmp)) {
    r.proto = l4.ICMPv4 ? 'ICMP' : 'ICMPv6';
    r.icmp = { type: Number(icmp.type ?? 0) || 0, code: Number(icmp.code ?? 0) || 0 };
    return;
  }
  const other = Object.keys(l4)[0];
  if (other) r.proto = normalizeProto(other);
}

/**
 * A TCP or UDP `l4` with both ports as the Hubble kernel reads it (wasm/hubble-kernel.ts
 * decodeL4), what addHubbleL4 makes of it: `code` 1 TCP or 2 UDP, 4 when it has `flags`, SYN 8,
 * ACK 16, FIN 32, RST 64; `ports` source << 16 | destination.
 */
export function addKernelL4(r: FlowRecord, code: number, ports: number): void {
  r.proto = code & 1 ? 'TCP' : 'UDP';
  r.srcPort = ports >>> 16;
  r.dstPort = ports & 0xffff;
  if (code & 4) r.tcpFlags = FLAG_SETS[(code >> 3) & 15];
}

type TcpFlags = NonNullable<FlowRecord['tcpFlags']>;

/** The 16 flag sets, shared by the records (read only, so frozen): one object less per event. */
const FLAG_SETS: readonly TcpFlags[] = Array.from({ length: 16 }, (_, bits) => {
  const flags: TcpFlags = {};
  if (bits & 1) flags.syn = true;
  if (bits & 2) flags.ack = true;
  if (bits & 4) flags.fin = true;
  if (bits & 8) flags.rst = true;
  return Object.freeze(flags);
});

function addTcpFlags(r: FlowRecord, f: Obj): void {
  const bits =
    (f.SYN === true ? 1 : 0) |
    (f.ACK === true ? 2 : 0) |
    (f.FIN === true ? 4 : 0) |
    (f.RST === true ? 8 : 0);
  r.tcpFlags = FLAG_SETS[bits];
}
