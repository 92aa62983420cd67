import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText, plain } from './fixtures';

describe('Calico Enterprise flow logs', () => {
  it('reads the real denied flow: multitool → checkoutservice:5050 reported at the destination', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('calico-ee/flows-observability-clinic.log'),
      'flows.log',
    );
    expect(format).toBe('calico-ee');
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(1);
    const r = records[0];
    expect(r).toMatchObject({
      time: 1659621542000,
      timeEnd: 1659621842000,
      srcIp: '10.48.116.157',
      dstIp: '10.48.127.224',
      dstPort: 5050,
      proto: 'TCP',
      initiator: 'src',
      isReply: false,
      reporter: 'dst',
      direction: 'ingress',
      verdict: 'denied',
      verdictRaw: 'deny',
      // reporter dst: bytes_in/packets_in of the destination are the forward direction.
      bytes: 300,
      bytesRev: 0,
      packets: 5,
      packetsRev: 0,
      count: 1,
      policies: ['hipstershop/app-hipstershop.checkoutservice', 'security.tenant-histershop'],
    });
    expect(r?.srcPort).toBeUndefined();
    expect(plain(r?.src)).toEqual({
      namespace: 'default',
      kind: 'pod',
      aggregatedName: 'multitool',
      labels: { run: 'multitool' },
      pod: 'multitool',
    });
    expect(r?.dst).toMatchObject({
      namespace: 'hipstershop',
      pod: 'checkoutservice-598d5b586d-wsvmz',
      aggregatedName: 'checkoutservice-598d5b586d-*',
      workloadKind: 'Deployment',
      workloadName: 'checkoutservice',
    });
    expect(r?.dst?.service).toBeUndefined();
  });

  it('reads aggregated lines: no IPs, service, counts, public networks, numeric proto', () => {
    const { records } = parseFlowText(
      fixtureText('calico-ee/flows-synthetic-aggregated.log'),
      'agg',
    );
    expect(records).toHaveLength(2);
    const [agg, pub] = records;
    expect(agg?.srcIp).toBeUndefined();
    expect(agg?.dstIp).toBeUndefined();
    expect(agg).toMatchObject({
      reporter: 'src',
      direction: 'egress',
      bytes: 196245,
      bytesRev: 133612,
      packets: 2418,
      count: 3,
      policies: ['__PROFILE__.kns.default'],
      src: { workloadKind: 'Deployment', workloadName: 'frontend', node: 'node-a' },
      dst: {
        aggregatedName: 'cartservice-7d4899b484-*',
        workloadName: 'cartservice',
        service: { namespace: 'default', name: 'cartservice', port: 7070 },
      },
    });
    expect(pub).toMatchObject({
      proto: 'TCP',
      srcIp: '35.32.82.134',
      src: { kind: 'world', aggregatedName: 'pub' },
      dst: { pod: 'basic-6tn46e', node: 'node02' },
    });
    expect(pub?.src?.namespace).toBeUndefined();
    expect(pub?.dst?.workloadName).toBeUndefined();
  });
});
