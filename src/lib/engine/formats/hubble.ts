/**
 * Cilium Hubble flows (FORMATS.md §1): `hubble observe -o jsonpb` / `-o json` (≥ v0.11) and
 * exporter files (one GetFlowsResponse per line), the pre-0.11 bare Flow per line, and the
 * camelCase protojson spelling of third-party gRPC clients. Replies are recognised by a cheap
 * substring test and skipped before JSON.parse when the caller drops replies anyway.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { FlowRecord, Verdict } from '../model/flow';
import { report } from './diagnostics';
import {
  badRecord,
  isObject,
  parseIsoTime,
  parseJsonLine,
  str,
  type LineParser,
  type ParseContext,
} from './common';
import { createLabelCache, hubbleEndpoint, type LabelCache } from './hubble-endpoint';
import { addHubbleL7, addHubblePolicies, POLICY_KEYS } from './hubble-extras';
import { addHubbleL4, addKernelL4 } from './hubble-l4';

type Obj = Record<string, unknown>;

/**
 * `"is_reply":true`, camelCase `"isReply":true` and the deprecated `"reply":true` all end in
 * this; inside a JSON string the quote would be escaped, so a match is always a key.
 */
const REPLY_MARK = 'eply":true';
/**
 * The reply flag sits near the end of a line (after the endpoints, before `Summary` and the
 * top-level node_name/time), so only the tail is searched; a reply missed here is still
 * dropped after parsing, this is only the cheap early exit.
 */
export const REPLY_WINDOW = 1024;

function looksLikeReply(text: string): boolean {
  return text.indexOf(REPLY_MARK, text.length - REPLY_WINDOW) >= 0;
}

/**
 * A DNS event: its answer names addresses even when it is a reply, so it is always parsed.
 * A line that merely holds the text `"dns":{` in a string is parsed too, which costs only time.
 */
export const DNS_MARK = '"dns":{';

/** A reply line when replies are dropped: counted, never parsed (they are half the lines). */
function skippedReply(ctx: ParseContext, text: string): boolean {
  if (!ctx.dropReplies || !looksLikeReply(text) || text.includes(DNS_MARK)) return false;
  ctx.replies++;
  return true;
}

/**
 * A format that shares the Hubble flow shape (Retina, exporter aggregates): its id, what it
 * adds to the common record, and whether a flow without IP and L4 (a field mask) still counts.
 */
export interface HubbleVariant {
  format: string;
  /** The records of one flow: the common record completed, or split (one per count kind). */
  finish?(r: FlowRecord, flow: Obj): FlowRecord[];
  /** Flows without IP and L4 are read when their endpoints say who talks (aggregates). */
  endpointsOnly?: boolean;
}

const JSONPB: HubbleVariant = { format: 'hubble-jsonpb' };
const LEGACY: HubbleVariant = { format: 'hubble-json-legacy' };

/** Line parser for GetFlowsResponse lines (`jsonpb`, `-o json` ≥ 0.11, exporter files). */
export function hubbleJsonpbParser(ctx: ParseContext, variant = JSONPB): LineParser {
  const cache = createLabelCache();
  return (text, line) => {
    if (skippedReply(ctx, text)) return;
    const o = parseJsonLine(ctx, text, line);
    if (!isObject(o)) return notAnObject(ctx, o, line);
    const flow = o.flow;
    if (isObject(flow)) return emitFlow(ctx, cache, flow, o, variant, line);
    if (o.node_status !== undefined || o.nodeStatus !== undefined) return;
    if (o.lost_events !== undefined || o.lostEvents !== undefined) return lostEvents(ctx, o, line);
    badRecord(ctx, line, 'Hubble line without a "flow" object');
  };
}

/** Line parser for the bare Flow per line of hubble CLI ≤ v0.10 (`-o json`). */
export function hubbleLegacyParser(ctx: ParseContext): LineParser {
  const cache = createLabelCache();
  return (text, line) => {
    if (skippedReply(ctx, text)) return;
    const o = parseJsonLine(ctx, text, line);
    if (!isObject(o)) return notAnObject(ctx, o, line);
    if (isObject(o.flow)) return emitFlow(ctx, cache, o.flow, o, LEGACY, line);
    emitFlow(ctx, cache, o, o, LEGACY, line);
  };
}

function notAnObject(ctx: ParseContext, o: unknown, line: number): void {
  if (o !== undefined) badRecord(ctx, line, 'Expected a JSON object');
}

function lostEvents(ctx: ParseContext, o: Obj, line: number): void {
  const lost = o.lost_events ?? o.lostEvents;
  const n = isObject(lost) ? Number(lost.num_events_lost ?? lost.numEventsLost) : NaN;
  const what = Number.isFinite(n) ? `${n} events` : 'events';
  report(ctx.sink, DIAGNOSTIC_CODES.SKIPPED_RECORD, 'info', `Hubble reported ${what} lost`, line);
}

/**
 * Every key `hubbleRecord` reads from the top-level object and from the flow: the byte path
 * (hubble-bytes.ts) keeps exactly these, so any key read below must be listed here.
 */
export const HUBBLE_TOP_KEYS = ['flow', 'time', 'node_name', 'nodeName'] as const;
export const HUBBLE_FLOW_KEYS = [
  'time',
  'IP',
  'l4',
  'is_reply',
  'isReply',
  'reply',
  'trace_reason',
  'traceReason',
  'traffic_direction',
  'trafficDirection',
  'verdict',
  'drop_reason_desc',
  'dropReasonDesc',
  'node_name',
  'nodeName',
  'source',
  'destination',
  'source_service',
  'sourceService',
  'destination_service',
  'destinationService',
  'source_names',
  'sourceNames',
  'destination_names',
  'destinationNames',
  ...POLICY_KEYS.flat(),
  'l7',
  'extensions',
  'aggregate',
] as const;

/** Emits the flow's records, or reports why it has none. `time` when the caller parsed it. */
export function emitFlow(
  ctx: ParseContext,
  cache: LabelCache,
  flow: Obj,
  top: Obj,
  variant: HubbleVariant,
  line: number,
  time?: number | null,
  l4Code = -1,
  l4Ports = 0,
  extras = true,
): void {
  const r = hubbleRecord(flow, top, variant, cache, time, l4Code, l4Ports, extras);
  if (!r) {
    const what = variant.endpointsOnly ? 'IP addresses, L4 or endpoints' : 'IP addresses or L4';
    return badRecord(ctx, line, `Hubble flow without ${what} (e.g. ARP): skipped`);
  }
  if (!variant.finish) return ctx.emit(r);
  for (const each of variant.finish(r, flow)) ctx.emit(each);
}

/**
 * Builds the common record from one Hubble Flow; null when it has neither IP nor L4. `l4Code`
 * (with `l4Ports`): the flow's `l4` as the Hubble kernel read it (addKernelL4), not in `flow`.
 * `extras` false: the caller knows the flow has no policy or `l7` member (they are not read).
 */
export function hubbleRecord(
  flow: Obj,
  top: Obj,
  variant: HubbleVariant,
  cache: LabelCache,
  time: number | null = parseIsoTime(flow.time) ?? parseIsoTime(top.time),
  l4Code = -1,
  l4Ports = 0,
  extras = true,
): FlowRecord | null {
  const ip = flow.IP;
  const l4 = flow.l4;
  const endpoints = variant.endpointsOnly && (isObject(flow.source) || isObject(flow.destination));
  if (!isObject(ip) && l4Code < 0 && !isObject(l4) && !endpoints) return null;
  const r: FlowRecord = {
    format: variant.format,
    time,
    proto: 'unknown',
  };
  if (isObject(ip)) {
    const s = str(ip.source);
    const d = str(ip.destination);
    if (s) r.srcIp = s;
    if (d) r.dstIp = d;
  }
  if (l4Code >= 0) addKernelL4(r, l4Code, l4Ports);
  else if (isObject(l4)) addHubbleL4(r, l4);
  addDirection(r, flow);
  addVerdict(r, flow);
  addEndpoints(r, flow, top, cache);
  if (!extras) return r;
  addHubblePolicies(r, flow);
  addHubbleL7(r, flow);
  return r;
}

/**
 * NOTE: Cilium's `trace_reason` is the connection-tracking state of the packet (cilium
 * api/v1/flow/flow.proto TraceReason): NEW, ESTABLISHED and REOPENED packets go the way the
 * connection was opened, REPLY packets the other way; RELATED (ICMP errors) says nothing.
 */
const TRACE_REASON_REPLY: Record<string, boolean> = {
  NEW: false,
  ESTABLISHED: false,
  REOPENED: false,
  REPLY: true,
};

/**
 * FORMATS.md §11: `is_reply` (a BoolValue: absent = unknown) decides; the deprecated `reply`
 * is only ever present as true; without either, `trace_reason`. Unknown leaves the initiator
 * to TCP flags / ports downstream.
 */
function addDirection(r: FlowRecord, flow: Obj): void {
  const reason = flow.trace_reason ?? flow.traceReason;
  const isReply =
    flow.is_reply ??
    flow.isReply ??
    (typeof reason === 'string' ? TRACE_REASON_REPLY[reason] : undefined);
  if (isReply === true || flow.reply === true) {
    r.isReply = true;
    r.initiator = 'dst';
  } else if (isReply === false) {
    r.isReply = false;
    r.initiator = 'src';
  } else {
    r.initiator = 'unknown';
  }
  const dir = flow.traffic_direction ?? flow.trafficDirection;
  r.direction = dir === 'INGRESS' ? 'ingress' : dir === 'EGRESS' ? 'egress' : 'unknown';
}

const VERDICTS: Record<string, Verdict> = {
  FORWARDED: 'allowed',
  TRACED: 'allowed',
  TRANSLATED: 'allowed',
  DROPPED: 'dropped',
  ERROR: 'error',
  AUDIT: 'audit',
  REDIRECTED: 'redirected',
};

function addVerdict(r: FlowRecord, flow: Obj): void {
  const v = flow.verdict;
  if (v === undefined) return;
  const raw = String(v);
  let verdict = VERDICTS[raw] ?? 'unknown';
  const desc = str(flow.drop_reason_desc ?? flow.dropReasonDesc);
  if (verdict === 'dropped' && desc?.startsWith('POLICY_')) verdict = 'denied';
  r.verdict = verdict;
  r.verdictRaw = verdict === 'dropped' || verdict === 'denied' ? (desc ?? raw) : raw;
}

function nodeOf(flow: Obj, top: Obj): string | undefined {
  const n = str(flow.node_name ?? flow.nodeName ?? top.node_name ?? top.nodeName);
  if (!n) return undefined;
  const slash = n.indexOf('/');
  return slash >= 0 ? n.slice(slash + 1) : n;
}

function addEndpoints(r: FlowRecord, flow: Obj, top: Obj, cache: LabelCache): void {
  const node = nodeOf(flow, top);
  const srcService = flow.source_service ?? flow.sourceService;
  const srcNames = flow.source_names ?? flow.sourceNames;
  const src = hubbleEndpoint(flow.source, srcService, srcNames, node, cache);
  const dstService = flow.destination_service ?? flow.destinationService;
  const dstNames = flow.destination_names ?? flow.destinationNames;
  const dst = hubbleEndpoint(flow.destination, dstService, dstNames, node, cache);
  if (src) r.src = src;
  if (dst) r.dst = dst;
}
