/**
 * Byte-level sniffing (FORMATS.md §10 steps 0–1): binary containers by magic number and the
 * text encoding by byte-order mark (or, without one, by the NUL pattern UTF-16 text shows).
 */

export type Binary = 'pcap' | 'pcapng' | 'parquet' | 'tar' | 'zip';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function startsWith(b: Uint8Array, magic: number[], at = 0): boolean {
  if (b.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[at + i] !== magic[i]) return false;
  return true;
}

const PCAP_MAGICS = [
  [0xd4, 0xc3, 0xb2, 0xa1],
  [0xa1, 0xb2, 0xc3, 0xd4],
  [0x4d, 0x3c, 0xb2, 0xa1],
  [0xa1, 0xb2, 0x3c, 0x4d],
];

/** The binary container `b` starts with, if any. */
export function sniffBinary(b: Uint8Array): Binary | null {
  if (PCAP_MAGICS.some((m) => startsWith(b, m))) return 'pcap';
  if (startsWith(b, [0x0a, 0x0d, 0x0d, 0x0a])) return 'pcapng';
  if (startsWith(b, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith(b, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return 'tar';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return null;
}

/** Share of NUL bytes at even and odd offsets of the first bytes. */
function nulShares(b: Uint8Array): [number, number] {
  const n = Math.min(b.length, 512) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = Math.max(1, n / 2);
  return [even / pairs, odd / pairs];
}

/**
 * The text encoding: a BOM decides (EF BB BF, FF FE, FE FF); without one, ASCII-range text
 * in UTF-16 has a NUL in every other byte (Windows PowerShell 5 `>` writes UTF-16LE).
 */
export function sniffEncoding(b: Uint8Array): TextEncoding {
  if (startsWith(b, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(b, [0xfe, 0xff])) return 'utf-16be';
  if (b.length < 4) return 'utf-8';
  const [even, odd] = nulShares(b);
  if (odd > 0.4 && even < 0.05) return 'utf-16le';
  if (even > 0.4 && odd < 0.05) return 'utf-16be';
  return 'utf-8';
}
