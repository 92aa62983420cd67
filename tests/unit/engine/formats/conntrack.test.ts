import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

describe('conntrack -L', () => {
  it('resolves a ClusterIP DNAT to the backend pod (reply tuple source)', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('conntrack/vijayrod-demo_aks-conntrack-L.txt'),
      'ct.txt',
    );
    expect(format).toBe('conntrack');
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(10);
    // nginx 10.244.0.11 → kube-dns 10.0.0.10:53, answered by CoreDNS pod 10.244.2.3.
    expect(records[0]).toEqual({
      format: 'conntrack',
      time: null,
      srcIp: '10.244.0.11',
      srcPort: 35637,
      dstIp: '10.244.2.3',
      dstPort: 53,
      origDstIp: '10.0.0.10',
      origDstPort: 53,
      proto: 'UDP',
      initiator: 'src',
      isReply: false,
    });
    expect(records[2]).toMatchObject({ dstIp: '10.244.1.4', origDstIp: '10.0.0.10' });
    // Egress to the internet, SNAT'd to the node: the server is unchanged, no original destination.
    expect(records[5]).toMatchObject({
      proto: 'TCP',
      dstIp: '172.64.154.211',
      dstPort: 80,
      srcPort: 53830,
    });
    expect(records[5]?.origDstIp).toBeUndefined();
    // Pod-to-pod without NAT on the CoreDNS node.
    expect(records[6]?.origDstIp).toBeUndefined();
  });

  it('finds the entries in a pasted session and reports the other lines', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('conntrack/vijayrod-demo_aks-conntrack-session.txt'),
      'session.txt',
    );
    expect(format).toBe('conntrack');
    expect(records).toHaveLength(10);
    expect(diagnostics.every((d) => d.code === 'NP-PARSE-RECORD')).toBe(true);
    expect(diagnostics[0]?.line).toBe(1);
    // The `conntrack v1.4.6 … flow entries have been shown.` footer is not a bad record.
    expect(diagnostics.some((d) => d.line === 21)).toBe(false);
    expect(diagnostics.some((d) => d.line === 17)).toBe(true);
  });

  it('reads extended/event prefixes, counters and ICMP', () => {
    const text = [
      'ipv4     2 tcp      6 431999 ESTABLISHED src=10.1.0.5 dst=10.96.0.1 sport=40000 dport=443 packets=5 bytes=400 src=10.0.0.3 dst=10.1.0.5 sport=6443 dport=40000 packets=4 bytes=900 [ASSURED] mark=0 use=1',
      '[NEW] icmp     1 30 src=10.1.0.5 dst=8.8.8.8 type=8 code=0 id=7 [UNREPLIED] src=8.8.8.8 dst=10.1.0.5 type=0 code=0 id=7 mark=0 use=1',
    ].join('\n');
    const { records } = parseFlowText(text, 'ct');
    expect(records[0]).toMatchObject({
      dstIp: '10.0.0.3',
      dstPort: 6443,
      origDstIp: '10.96.0.1',
      origDstPort: 443,
      packets: 5,
      bytes: 400,
      packetsRev: 4,
      bytesRev: 900,
    });
    expect(records[1]).toMatchObject({
      proto: 'ICMP',
      icmp: { type: 8, code: 0 },
      dstIp: '8.8.8.8',
    });
    expect(records[1]?.origDstIp).toBeUndefined();
  });
});
