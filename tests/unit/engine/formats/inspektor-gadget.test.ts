import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText, plain } from './fixtures';

describe('Inspektor Gadget trace network', () => {
  it('reads the advisor input: OUTGOING pod → Service, no pod IP in the old shape', () => {
    const { format, records } = parseFlowText(
      fixtureText('inspektor-gadget/advisor-testdata_connect-to-svc.input'),
      'trace.log',
    );
    expect(format).toBe('ig-trace-network');
    expect(records).toHaveLength(2);
    expect(plain(records[0])).toEqual({
      format: 'ig-trace-network',
      time: null,
      proto: 'UDP',
      initiator: 'src',
      isReply: false,
      direction: 'egress',
      dstIp: '10.96.0.10',
      dstPort: 53,
      src: {
        kind: 'pod',
        namespace: 'test-networkpolicy-8485776873410829123',
        pod: 'test-pod',
        node: 'minikube',
      },
      dst: {
        kind: 'service',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns' },
        service: { namespace: 'kube-system', name: 'kube-dns' },
      },
    });
    expect(records[1]).toMatchObject({
      proto: 'TCP',
      dstPort: 443,
      dst: { service: { name: 'kubernetes' } },
    });
    const dup = parseFlowText(
      fixtureText('inspektor-gadget/advisor-testdata_connect-to-svc-duplicate.input'),
      'd',
    );
    expect(dup.records).toHaveLength(5);
  });

  it('reads the newer shape (podName, podIP, podOwner, ns timestamp)', () => {
    const { records } = parseFlowText(
      fixtureText('inspektor-gadget/trace-network-example-README.json'),
      'ig',
    );
    expect(records[0]).toMatchObject({
      time: 1710410447833,
      srcIp: '192.168.160.244',
      dstIp: '127.0.0.1',
      dstPort: 8080,
      proto: 'TCP',
      src: {
        namespace: 'kube-system',
        pod: 'coredns-5dd5756b68-wh964',
        workloadName: 'coredns',
        labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '5dd5756b68' },
      },
    });
  });

  it('turns HOST events around: the remote is the client', () => {
    const line = JSON.stringify({
      k8s: { namespace: 'shop', podName: 'web-1', node: 'n1' },
      pktType: 'HOST',
      proto: 'TCP',
      port: 8080,
      podIP: '10.0.0.7',
      dst: {
        kind: 'pod',
        addr: '10.0.0.9',
        namespace: 'shop',
        podname: 'client-1',
        podlabels: { app: 'c' },
      },
    });
    const { records } = parseFlowText(line, 'host');
    expect(records[0]).toMatchObject({
      direction: 'ingress',
      initiator: 'src',
      srcIp: '10.0.0.9',
      dstIp: '10.0.0.7',
      dstPort: 8080,
      src: { kind: 'pod', pod: 'client-1', labels: { app: 'c' } },
      dst: { pod: 'web-1' },
    });
  });
});
