import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../../src/lib/engine/formats/pcap-decode';
import { readAll } from './fixtures';

/** Hand-built frames: every byte below is spelled out from the protocol headers. */
function ipv4(proto: number, src: number[], dst: number[], payload: number[]): number[] {
  const total = 20 + payload.length;
  return [
    0x45,
    0,
    total >> 8,
    total & 0xff,
    0,
    0,
    0,
    0,
    64,
    proto,
    0,
    0,
    ...src,
    ...dst,
    ...payload,
  ];
}
const tcpSyn = (sport: number, dport: number): number[] => [
  sport >> 8,
  sport & 0xff,
  dport >> 8,
  dport & 0xff,
  0,
  0,
  0,
  1,
  0,
  0,
  0,
  0,
  0x50,
  0x02,
  0xff,
  0xff,
  0,
  0,
  0,
  0,
];
const udp = (sport: number, dport: number, payload: number[]): number[] => {
  const len = 8 + payload.length;
  return [
    sport >> 8,
    sport & 0xff,
    dport >> 8,
    dport & 0xff,
    len >> 8,
    len & 0xff,
    0,
    0,
    ...payload,
  ];
};
const MACS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const eth = (type: number, payload: number[]): number[] => [
  ...MACS,
  type >> 8,
  type & 0xff,
  ...payload,
];
const POD_A = [10, 244, 1, 5];
const POD_B = [10, 244, 2, 9];
const inner = eth(0x0800, ipv4(6, POD_A, POD_B, tcpSyn(40000, 8080)));

describe('frame decoding', () => {
  it('reads Ethernet + VLAN + IPv4 + TCP SYN', () => {
    const frame = new Uint8Array([
      ...MACS,
      0x81,
      0x00,
      0,
      5,
      0x08,
      0x00,
      ...ipv4(6, POD_A, POD_B, tcpSyn(40000, 8080)),
    ]);
    expect(decodeFrame(1, frame)).toEqual({
      srcIp: '10.244.1.5',
      dstIp: '10.244.2.9',
      proto: 6,
      srcPort: 40000,
      dstPort: 8080,
      flags: 2,
      bytes: 40,
    });
  });

  it('decapsulates VXLAN (Cilium/Flannel 8472) and IP-in-IP', () => {
    const vxlan = eth(
      0x0800,
      ipv4(
        17,
        [192, 168, 0, 1],
        [192, 168, 0, 2],
        udp(51000, 8472, [0x08, 0, 0, 0, 0, 0, 1, 0, ...inner]),
      ),
    );
    expect(decodeFrame(1, new Uint8Array(vxlan))).toMatchObject({
      srcIp: '10.244.1.5',
      dstPort: 8080,
      flags: 2,
    });
    const ipip = ipv4(
      4,
      [192, 168, 0, 1],
      [192, 168, 0, 2],
      ipv4(17, POD_A, POD_B, udp(5353, 53, [1, 2])),
    );
    expect(decodeFrame(101, new Uint8Array(ipip))).toMatchObject({
      srcIp: '10.244.1.5',
      proto: 17,
      dstPort: 53,
    });
  });

  it('reads Linux SLL and IPv6 behind a hop-by-hop header', () => {
    const src = [0xfd, 0, ...new Array<number>(13).fill(0), 1];
    const dst = [0xfd, 0, ...new Array<number>(13).fill(0), 2];
    const hop = [17, 0, 0, 0, 0, 0, 0, 0];
    const payload = [...hop, ...udp(1000, 53, [0])];
    const ip6 = [0x60, 0, 0, 0, 0, payload.length, 0, 64, ...src, ...dst, ...payload];
    const sll = [0, 0, 0, 1, 0, 6, ...MACS.slice(0, 8), 0x86, 0xdd, ...ip6];
    expect(decodeFrame(113, new Uint8Array(sll))).toMatchObject({
      srcIp: 'fd00::1',
      dstIp: 'fd00::2',
      proto: 17,
      dstPort: 53,
    });
  });

  it('gives null for ARP, unknown link types and truncated frames', () => {
    expect(decodeFrame(1, new Uint8Array(eth(0x0806, new Array<number>(28).fill(0))))).toBeNull();
    expect(decodeFrame(147, new Uint8Array(inner))).toBeNull();
    expect(decodeFrame(1, new Uint8Array(inner.slice(0, 20)))).toBeNull();
  });
});

function pcapFile(frames: number[][], opts: { bigEndian?: boolean; nano?: boolean }): Uint8Array {
  const out: number[] = [];
  const u32 = (v: number): number[] =>
    opts.bigEndian
      ? [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]
      : [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
  const u16 = (v: number): number[] => (opts.bigEndian ? [v >> 8, v & 0xff] : [v & 0xff, v >> 8]);
  out.push(
    ...u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4),
    ...u16(2),
    ...u16(4),
    ...u32(0),
    ...u32(0),
    ...u32(65535),
    ...u32(1),
  );
  frames.forEach((f, i) =>
    out.push(
      ...u32(1700000000 + i),
      ...u32(opts.nano ? 250_000_000 : 250_000),
      ...u32(f.length),
      ...u32(f.length),
      ...f,
    ),
  );
  return new Uint8Array(out);
}

describe('pcap headers', () => {
  it('reads big-endian and nanosecond captures alike', async () => {
    const reply = eth(
      0x0800,
      ipv4(
        6,
        POD_B,
        POD_A,
        [0x1f, 0x90, 0x9c, 0x40, 0, 0, 0, 1, 0, 0, 0, 2, 0x50, 0x12, 0xff, 0xff, 0, 0, 0, 0],
      ),
    );
    for (const opts of [{}, { bigEndian: true }, { nano: true }, { bigEndian: true, nano: true }]) {
      const { records } = await readAll(pcapFile([inner, reply], opts), { chunk: 7 });
      expect(records).toEqual([
        expect.objectContaining({
          time: 1700000000250,
          timeEnd: 1700000001250,
          srcIp: '10.244.1.5',
          dstIp: '10.244.2.9',
          dstPort: 8080,
          packets: 1,
          packetsRev: 1,
          initiator: 'src',
        }),
      ]);
    }
  });

  it('orients a conversation whose first captured packet is the SYN-ACK', async () => {
    const synAck = eth(
      0x0800,
      ipv4(
        6,
        POD_B,
        POD_A,
        [0x1f, 0x90, 0x9c, 0x40, 0, 0, 0, 1, 0, 0, 0, 2, 0x50, 0x12, 0xff, 0xff, 0, 0, 0, 0],
      ),
    );
    const { records } = await readAll(pcapFile([synAck], {}));
    expect(records[0]).toMatchObject({
      srcIp: '10.244.1.5',
      srcPort: 40000,
      dstIp: '10.244.2.9',
      dstPort: 8080,
      initiator: 'src',
    });
  });
});
