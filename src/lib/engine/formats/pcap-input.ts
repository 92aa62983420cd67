/**
 * readInput's path for packet captures (pcap, pcapng): bytes → packets → conversations →
 * one record per conversation, emitted when the capture ends (or when too many conversations
 * are open, to bound memory). `lines` counts packets.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { ByteSource } from '../io/bytes';
import type { ParseContext } from './common';
import { report } from './diagnostics';
import { addPacket, conversationRecord, type Conversations } from './pcap-conversations';
import { decodeFrame } from './pcap-decode';
import { dnsAnswers } from './dns-wire';
import { createCaptureReader, endCapture, pushCapture, type RawPacket } from './pcap-reader';
import type { ReadResult } from './types';

/** Open conversations kept before they are flushed as records (bounds memory on huge captures). */
export const MAX_CONVERSATIONS = 200_000;

function flush(convs: Conversations, ctx: ParseContext, format: string): void {
  for (const c of convs.values()) ctx.emit(conversationRecord(c, format));
  convs.clear();
}

/** The names a DNS response gives, as a record that carries only them. */
function emitAnswers(
  ctx: ParseContext,
  format: string,
  dns: Uint8Array,
  time: number | null,
): void {
  const answers = dnsAnswers(dns);
  if (answers.length > 0) ctx.emit({ format, time, proto: 'UDP', answers, namesOnly: true });
}

export async function readPcapInput(
  src: ByteSource,
  ctx: ParseContext,
  result: ReadResult,
  signal?: AbortSignal,
): Promise<void> {
  const format = result.format === 'pcapng' ? 'pcapng' : 'pcap';
  const reader = createCaptureReader(format);
  const convs: Conversations = new Map();
  let undecoded = 0;
  const onPacket = (p: RawPacket): void => {
    result.lines++;
    const info = decodeFrame(p.linkType, p.data);
    if (!info) return void undecoded++;
    addPacket(convs, info, p.time);
    if (info.dns) emitAnswers(ctx, format, info.dns, p.time);
    if (convs.size >= MAX_CONVERSATIONS) flush(convs, ctx, format);
  };
  for (;;) {
    if (signal?.aborted) break;
    const chunk = await src.read();
    if (!chunk) break;
    pushCapture(reader, chunk, onPacket);
  }
  flush(convs, ctx, format);
  const problem = signal?.aborted ? null : endCapture(reader);
  if (problem)
    report(ctx.sink, DIAGNOSTIC_CODES.BAD_RECORD, 'warning', `Capture: ${problem}`, null);
  if (undecoded > 0) {
    const msg = `${undecoded} packets were not IP over a supported link type and were ignored`;
    report(ctx.sink, DIAGNOSTIC_CODES.SKIPPED_RECORD, 'info', msg, null);
  }
}
