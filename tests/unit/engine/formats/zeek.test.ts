import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

describe('Zeek conn.log TSV', () => {
  it('reads the real brimdata conn.log (92 connections, columns from #fields)', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('zeek/brimdata-zed_conn.log'),
      'conn.log',
    );
    expect(format).toBe('zeek-tsv');
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(92);
    expect(records[0]).toEqual({
      format: 'zeek-tsv',
      time: 1521911721255,
      timeEnd: 1521911721259,
      srcIp: '10.164.94.120',
      srcPort: 39681,
      dstIp: '10.47.3.155',
      dstPort: 3389,
      proto: 'TCP',
      initiator: 'src',
      isReply: false,
      bytes: 97,
      bytesRev: 19,
      packets: 10,
      packetsRev: 6,
      verdictRaw: 'RSTR',
    });
    expect(records[91]).toMatchObject({
      dstIp: '10.47.3.200',
      dstPort: 80,
      bytes: 324,
      verdictRaw: 'RSTO',
    });
  });

  it('tolerates masked timestamps and the btest comment line of a Zeek baseline', () => {
    const { records, diagnostics } = parseFlowText(
      fixtureText('zeek/zeek-btest-baseline_opt.basic_conn.log'),
      'baseline.log',
    );
    expect(records).toHaveLength(34);
    expect(records.every((r) => r.time === null)).toBe(true);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'info', line: 10 });
    // Line 13: 141.142.220.118:43927 → 141.142.2.2:53/udp, 38 bytes out, 89 back; unset fields absent.
    expect(records[3]).toMatchObject({
      srcIp: '141.142.220.118',
      dstPort: 53,
      proto: 'UDP',
      bytes: 38,
      bytesRev: 89,
    });
    expect(records[0]?.bytes).toBeUndefined();
    expect(records[1]).toMatchObject({ srcIp: 'fe80::217:f2ff:fed7:cf65', dstIp: 'ff02::fb' });
  });

  it('puts ICMP type/code from the port columns into icmp', () => {
    const text = [
      '#separator \\x09',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
      '1521911721.5\tC1\t10.0.0.1\t8\t10.0.0.2\t0\ticmp',
    ].join('\n');
    const { records } = parseFlowText(text, 'icmp.log');
    expect(records[0]).toMatchObject({
      proto: 'ICMP',
      icmp: { type: 8, code: 0 },
      time: 1521911721500,
    });
    expect(records[0]?.srcPort).toBeUndefined();
  });
});

describe('Zeek conn.log JSON', () => {
  it('reads epoch-float ts (zeek docs) and ISO ts with _path (zed docs)', () => {
    const epoch = parseFlowText(fixtureText('zeek/zeek-docs_conn.json.log'), 'conn.json');
    expect(epoch.format).toBe('zeek-json');
    expect(epoch.records).toHaveLength(2);
    expect(epoch.records[1]).toMatchObject({
      time: 1591367999430,
      timeEnd: 1591367999684,
      srcIp: '192.168.4.76',
      dstIp: '31.3.245.133',
      dstPort: 80,
      proto: 'TCP',
      bytes: 77,
      bytesRev: 295,
      initiator: 'src',
    });
    const iso = parseFlowText(fixtureText('zeek/zed-docs_conn-iso8601.ndjson'), 'conn.ndjson');
    expect(iso.format).toBe('zeek-json');
    expect(iso.records[0]).toMatchObject({
      time: Date.UTC(2018, 2, 24, 17, 15, 21, 255),
      dstPort: 3389,
    });
  });
});
