import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import { fixtureBytes, fixtureText, readAll } from './fixtures';

const tuple = (r: FlowRecord): string =>
  `${r.proto} ${r.srcIp}:${r.srcPort ?? r.icmp?.type} > ${r.dstIp}:${r.dstPort ?? r.icmp?.code}`;

describe('pcap captures (Zeek test traces)', () => {
  it('finds the same 34 connections, directions and packet counts as Zeek on wikipedia.pcap', async () => {
    const { result, records } = await readAll(fixtureBytes('pcap/zeek-traces_wikipedia.pcap'), {
      keepReplies: true,
    });
    expect(result).toMatchObject({ format: 'pcap', kind: 'flows', lines: 136, records: 34 });
    expect(result.diagnostics).toMatchObject([{ code: 'NP-RECORD-SKIPPED', severity: 'info' }]);
    const zeek = parseFlowText(
      fixtureText('zeek/zeek-btest-baseline_opt.basic_conn.log'),
      'conn.log',
    ).records;
    expect(records.map(tuple).sort()).toEqual(zeek.map(tuple).sort());
    const byTuple = new Map(zeek.map((z) => [tuple(z), z]));
    for (const r of records) {
      const z = byTuple.get(tuple(r));
      expect([r.packets, r.packetsRev]).toEqual([z?.packets, z?.packetsRev]);
    }
    expect(records[1]).toMatchObject({
      srcIp: 'fe80::217:f2ff:fed7:cf65',
      dstIp: 'ff02::fb',
      proto: 'UDP',
      bytes: 199,
    });
  });

  it('takes the SYN sender as client (http/get.pcap)', async () => {
    const { records } = await readAll(fixtureBytes('pcap/zeek-traces_http_get.pcap'));
    expect(records).toEqual([
      {
        format: 'pcap',
        time: 1362692526869,
        timeEnd: 1362692527080,
        srcIp: '141.142.228.5',
        srcPort: 59856,
        dstIp: '192.150.187.43',
        dstPort: 80,
        proto: 'TCP',
        initiator: 'src',
        isReply: false,
        packets: 7,
        bytes: 512,
        packetsRev: 7,
        bytesRev: 5379,
      },
    ]);
  });

  it('decapsulates Geneve: the inner TCP connection counts, not the tunnel', async () => {
    const { records } = await readAll(fixtureBytes('pcap/zeek-traces_tunnels_geneve-47101.pcap'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      srcIp: '192.168.0.107',
      srcPort: 45474,
      dstIp: '145.40.68.75',
      dstPort: 443,
      proto: 'TCP',
      initiator: 'src',
      packets: 15,
      packetsRev: 9,
    });
  });

  it('reads pcapng; without a captured handshake the initiator stays unknown', async () => {
    const { result, records } = await readAll(
      fixtureBytes('pcap/zeek-traces_redis_start-with-server.pcapng'),
      {
        chunk: 100,
      },
    );
    expect(result).toMatchObject({ format: 'pcapng', lines: 6 });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      srcIp: '127.0.0.1',
      srcPort: 6379,
      dstPort: 60206,
      initiator: 'unknown',
    });
    expect(records[0]?.isReply).toBeUndefined();
  });

  it('keeps the packets before a truncation and says where it ended', async () => {
    const bytes = fixtureBytes('pcap/zeek-traces_http_get.pcap');
    const { result, records } = await readAll(bytes.slice(0, 3000), { chunk: 512 });
    expect(records).toHaveLength(1);
    expect(result.lines).toBeGreaterThan(2);
    expect(result.lines).toBeLessThan(14);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NP-PARSE-RECORD']);
    expect(result.diagnostics[0]?.message).toContain('ends inside a packet');
  });
});
