/**
 * Packet capture containers (FORMATS.md §8): classic pcap (µs/ns, either byte order) and pcapng
 * (SHB/IDB/EPB/SPB/obsolete PB, several sections and interfaces, if_tsresol). Bytes are taken
 * chunk by chunk into a small growing buffer; each packet is handed out with its link type and
 * time (a view, valid only during the callback). Corrupt structure stops the file with a
 * message; packets read so far count.
 */

export interface RawPacket {
  /** Epoch ms, or null when the block has none (pcapng SPB). */
  time: number | null;
  linkType: number;
  data: Uint8Array;
}

/** Longest block accepted; larger length fields mean a corrupt file. */
const MAX_BLOCK = 16 * 1024 * 1024;

interface Iface {
  linkType: number;
  /** Seconds per timestamp unit. */
  unit: number;
}

export interface CaptureReader {
  kind: 'pcap' | 'pcapng';
  buf: Uint8Array;
  start: number;
  end: number;
  little: boolean;
  /** pcap: link type and ns resolution from the global header. */
  linkType: number;
  nano: boolean;
  started: boolean;
  ifaces: Iface[];
  /** Set when the structure is broken: nothing more is read. */
  error: string | null;
}

export function createCaptureReader(kind: 'pcap' | 'pcapng'): CaptureReader {
  return {
    kind,
    buf: new Uint8Array(64 * 1024),
    start: 0,
    end: 0,
    little: true,
    linkType: 1,
    nano: false,
    started: false,
    ifaces: [],
    error: null,
  };
}

function append(r: CaptureReader, chunk: Uint8Array): void {
  const live = r.end - r.start;
  if (r.start > 0 && r.end + chunk.length > r.buf.length) {
    r.buf.copyWithin(0, r.start, r.end);
    r.start = 0;
    r.end = live;
  }
  if (r.end + chunk.length > r.buf.length) {
    const bigger = new Uint8Array(Math.max(r.buf.length * 2, r.end + chunk.length));
    bigger.set(r.buf.subarray(0, r.end));
    r.buf = bigger;
  }
  r.buf.set(chunk, r.end);
  r.end += chunk.length;
}

function u32(r: CaptureReader, at: number): number {
  const b = r.buf;
  return r.little
    ? ((b[at] ?? 0) |
        ((b[at + 1] ?? 0) << 8) |
        ((b[at + 2] ?? 0) << 16) |
        ((b[at + 3] ?? 0) << 24)) >>>
        0
    : (((b[at] ?? 0) << 24) |
        ((b[at + 1] ?? 0) << 16) |
        ((b[at + 2] ?? 0) << 8) |
        (b[at + 3] ?? 0)) >>>
        0;
}

function u16(r: CaptureReader, at: number): number {
  const b = r.buf;
  return r.little ? (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) : ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

/** Feeds one chunk; calls `onPacket` for every complete packet. */
export function pushCapture(
  r: CaptureReader,
  chunk: Uint8Array,
  onPacket: (p: RawPacket) => void,
): void {
  if (r.error) return;
  append(r, chunk);
  if (r.kind === 'pcap') pcapPackets(r, onPacket);
  else pcapngBlocks(r, onPacket);
}

/** Says whether bytes were left over at the end (a truncated last packet). */
export function endCapture(r: CaptureReader): string | null {
  if (r.error) return r.error;
  return r.end > r.start
    ? `the capture ends inside a packet (${r.end - r.start} bytes left)`
    : null;
}

function pcapHeader(r: CaptureReader): boolean {
  if (r.end - r.start < 24) return false;
  const m = r.buf.subarray(r.start, r.start + 4);
  r.little = m[0] === 0xd4 || m[0] === 0x4d;
  r.nano = m[0] === 0x4d || m[3] === 0x4d;
  r.linkType = u32(r, r.start + 20) & 0xffff;
  r.start += 24;
  r.started = true;
  return true;
}

function pcapPackets(r: CaptureReader, onPacket: (p: RawPacket) => void): void {
  if (!r.started && !pcapHeader(r)) return;
  while (r.end - r.start >= 16) {
    const at = r.start;
    const incl = u32(r, at + 8);
    if (incl > MAX_BLOCK) {
      r.error = `packet length ${incl} is not plausible: the capture is corrupt`;
      return;
    }
    if (r.end - at < 16 + incl) return;
    const frac = u32(r, at + 4);
    const time = u32(r, at) * 1000 + Math.floor(r.nano ? frac / 1e6 : frac / 1e3);
    onPacket({ time, linkType: r.linkType, data: r.buf.subarray(at + 16, at + 16 + incl) });
    r.start = at + 16 + incl;
  }
}

function pcapngBlocks(r: CaptureReader, onPacket: (p: RawPacket) => void): void {
  while (r.end - r.start >= 12) {
    const at = r.start;
    const type = u32(r, at);
    if (type === 0x0a0d0d0a) r.little = r.buf[at + 8] === 0x4d;
    const len = u32(r, at + 4);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) {
      r.error = `pcapng block length ${len} is not valid: the capture is corrupt`;
      return;
    }
    if (r.end - at < len) return;
    pcapngBlock(r, type, at, len, onPacket);
    r.start = at + len;
  }
}

function pcapngBlock(
  r: CaptureReader,
  type: number,
  at: number,
  len: number,
  onPacket: (p: RawPacket) => void,
): void {
  if (type === 0x0a0d0d0a) r.ifaces = [];
  else if (type === 1)
    r.ifaces.push({ linkType: u16(r, at + 8), unit: tsUnit(r, at + 16, at + len - 4) });
  else if (type === 6 || type === 2) enhancedPacket(r, type, at, len, onPacket);
  else if (type === 3) simplePacket(r, at, len, onPacket);
}

/** if_tsresol (option 9): 10^-n, or 2^-n when the high bit is set; default microseconds. */
function tsUnit(r: CaptureReader, from: number, to: number): number {
  let at = from;
  while (at + 4 <= to) {
    const code = u16(r, at);
    const olen = u16(r, at + 2);
    if (code === 0) break;
    if (code === 9 && olen >= 1) {
      const v = r.buf[at + 4] ?? 6;
      return v & 0x80 ? 2 ** -(v & 0x7f) : 10 ** -v;
    }
    at += 4 + Math.ceil(olen / 4) * 4;
  }
  return 1e-6;
}

function enhancedPacket(
  r: CaptureReader,
  type: number,
  at: number,
  len: number,
  onPacket: (p: RawPacket) => void,
): void {
  const iface = r.ifaces[type === 6 ? u32(r, at + 8) : u16(r, at + 8)];
  const cap = u32(r, at + 20);
  if (!iface || 28 + cap > len) return;
  const ticks = u32(r, at + 12) * 2 ** 32 + u32(r, at + 16);
  const time = Math.floor(ticks * iface.unit * 1000);
  onPacket({ time, linkType: iface.linkType, data: r.buf.subarray(at + 28, at + 28 + cap) });
}

function simplePacket(
  r: CaptureReader,
  at: number,
  len: number,
  onPacket: (p: RawPacket) => void,
): void {
  const iface = r.ifaces[0];
  if (!iface) return;
  const cap = Math.min(u32(r, at + 8), len - 16);
  onPacket({ time: null, linkType: iface.linkType, data: r.buf.subarray(at + 12, at + 12 + cap) });
}
