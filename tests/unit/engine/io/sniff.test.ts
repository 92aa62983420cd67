import { describe, expect, it } from 'vitest';
import { sniffBinary, sniffEncoding } from '../../../../src/lib/engine/io/sniff';

describe('byte sniffing', () => {
  it('recognises pcap in both byte orders and resolutions, pcapng, parquet, tar and zip', () => {
    expect(sniffBinary(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0]))).toBe('pcap');
    expect(sniffBinary(new Uint8Array([0xa1, 0xb2, 0x3c, 0x4d]))).toBe('pcap');
    expect(sniffBinary(new Uint8Array([0x0a, 0x0d, 0x0d, 0x0a, 0x1c]))).toBe('pcapng');
    expect(sniffBinary(new TextEncoder().encode('PAR1'))).toBe('parquet');
    const tar = new Uint8Array(512);
    tar.set(new TextEncoder().encode('ustar'), 257);
    expect(sniffBinary(tar)).toBe('tar');
    expect(sniffBinary(new TextEncoder().encode('{"flow":{}}'))).toBeNull();
    expect(sniffBinary(new Uint8Array([0xd4, 0xc3]))).toBeNull();
  });

  it('picks the encoding from the BOM, or from the NUL pattern of UTF-16 text', () => {
    expect(sniffEncoding(new Uint8Array([0xff, 0xfe, 0x7b, 0]))).toBe('utf-16le');
    expect(sniffEncoding(new Uint8Array([0xfe, 0xff, 0, 0x7b]))).toBe('utf-16be');
    expect(sniffEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
    expect(sniffEncoding(new Uint8Array([0x7b, 0, 0x22, 0, 0x61, 0, 0x22, 0]))).toBe('utf-16le');
    expect(sniffEncoding(new Uint8Array([0, 0x7b, 0, 0x22, 0, 0x61, 0, 0x22]))).toBe('utf-16be');
    expect(sniffEncoding(new TextEncoder().encode('plain ascii text'))).toBe('utf-8');
  });
});
