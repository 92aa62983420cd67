/**
 * Binary packet captures (pcap / pcapng): not read yet. Reported as unsupported so the import
 * fails clearly instead of being decoded as text.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { ByteSource } from '../io/bytes';
import type { ParseContext } from './common';
import { report } from './diagnostics';
import type { ReadResult } from './types';

export async function readPcapInput(
  _src: ByteSource,
  ctx: ParseContext,
  result: ReadResult,
  _signal?: AbortSignal,
): Promise<void> {
  result.kind = 'unknown';
  const msg = `${result.format ?? 'pcap'} captures are not supported yet: convert them with Zeek (conn.log)`;
  report(ctx.sink, DIAGNOSTIC_CODES.UNSUPPORTED_FORMAT, 'error', msg, null);
  result.format = null;
}
