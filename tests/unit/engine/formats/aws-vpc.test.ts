import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

describe('AWS VPC flow logs', () => {
  it('reads the v2 default format; NODATA/SKIPDATA are info diagnostics', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('aws-vpc/awsdocs_vpcflow-v2-default.log'),
      'vpc.log',
    );
    expect(format).toBe('aws-vpc');
    expect(records).toHaveLength(5);
    expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['NP-RECORD-SKIPPED', 'info', 4],
      ['NP-RECORD-SKIPPED', 'info', 5],
    ]);
    expect(records[0]).toEqual({
      format: 'aws-vpc',
      time: 1418530010000,
      timeEnd: 1418530070000,
      srcIp: '172.31.16.139',
      srcPort: 20641,
      dstIp: '172.31.16.21',
      dstPort: 22,
      proto: 'TCP',
      bytes: 4249,
      packets: 20,
      verdict: 'allowed',
      verdictRaw: 'ACCEPT',
      initiator: 'unknown',
    });
    expect(records[1]).toMatchObject({ dstPort: 3389, verdict: 'denied', verdictRaw: 'REJECT' });
    expect(records[2]).toMatchObject({ proto: 'ICMP', srcIp: '203.0.113.12' });
    expect(records[2]?.dstPort).toBeUndefined();
    expect(records[4]).toMatchObject({
      srcIp: '2001:db8:1234:a100:8d6e:3477:df66:f105',
      dstPort: 22,
    });
  });

  it('reads a custom v3 header; SYN alone = initiator, SYN-ACK = reply', () => {
    const { records } = parseFlowText(fixtureText('aws-vpc/awsdocs_vpcflow-v3-tcpflags.log'), 'v3');
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({
      srcIp: '52.213.180.42',
      srcPort: 43416,
      dstIp: '10.0.0.62',
      dstPort: 5001,
      bytes: 568,
      packets: 8,
      tcpFlags: { syn: true },
      initiator: 'src',
      isReply: false,
    });
    expect(records[1]).toMatchObject({
      srcPort: 5001,
      tcpFlags: { syn: true, ack: true },
      isReply: true,
    });
    // tcp-flags 1 (FIN only): nothing says who opened the connection.
    expect(records[4]).toMatchObject({ tcpFlags: { fin: true }, initiator: 'unknown' });
    expect(records[4]?.isReply).toBeUndefined();
    // 3 = SYN+FIN: the client's side; 19 = SYN-ACK+FIN: the server's.
    expect(records[6]).toMatchObject({ initiator: 'src', tcpFlags: { syn: true, fin: true } });
    expect(records[7]).toMatchObject({ isReply: true });
  });

  it('reads v5 fields in any order, with flow-direction', () => {
    const { records } = parseFlowText(fixtureText('aws-vpc/awsdocs_vpcflow-v5-custom.log'), 'v5');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      time: 1616729292000,
      srcIp: '52.95.128.179',
      srcPort: 80,
      dstIp: '10.0.0.71',
      dstPort: 34210,
      bytes: 15044,
      packets: 14,
      direction: 'ingress',
      isReply: true,
    });
    expect(records[1]).toMatchObject({ direction: 'egress', initiator: 'src', dstPort: 80 });
  });
});
