import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureBytes, fixtureText, plain, readAll, utf8 } from './fixtures';

describe('Hubble jsonpb (real hubble-otel captures)', () => {
  it('reads the 10-flow GKE sample, reply flag from the deprecated `reply`', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('hubble/hubble-otel_basic-sample-10-flows.json'),
      'flows.json',
    );
    expect(format).toBe('hubble-jsonpb');
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(10);
    // Line 1, read by hand: reviews-v1 (10.0.2.16:15020) → host 10.0.2.1:42044, FIN+ACK, reply:true.
    expect(plain(records[0])).toEqual({
      format: 'hubble-jsonpb',
      time: Date.UTC(2021, 5, 16, 16, 52, 13, 136),
      proto: 'TCP',
      srcIp: '10.0.2.16',
      dstIp: '10.0.2.1',
      srcPort: 15020,
      dstPort: 42044,
      tcpFlags: { ack: true, fin: true },
      isReply: true,
      initiator: 'dst',
      direction: 'ingress',
      verdict: 'allowed',
      verdictRaw: 'FORWARDED',
      src: {
        namespace: 'bookinfo',
        pod: 'reviews-v1-545db77b95-s6jb8',
        identity: 25339,
        labels: { app: 'reviews', 'security.istio.io/tlsMode': 'istio', version: 'v1' },
        kind: 'pod',
        node: 'gke-ilya-otel-demo-1-ilya-otel-demo-1-6114bb84-zr1l',
      },
      dst: { identity: 1, kind: 'host' },
    });
    // Line 3: prometheus → reviews:15090 with ACK only and neither is_reply nor reply.
    expect(records[2]).toMatchObject({
      srcIp: '10.0.1.4',
      dstIp: '10.0.2.16',
      dstPort: 15090,
      initiator: 'unknown',
      tcpFlags: { ack: true },
      src: { namespace: 'istio-system', pod: 'prometheus-6655946b9f-hx9ln' },
    });
    expect(records[2]?.isReply).toBeUndefined();
    expect(records[2]?.src?.node).toBeUndefined();
  });

  it('drops replies in readInput (counted) and keeps them on request', async () => {
    const bytes = fixtureBytes('hubble/hubble-otel_basic-sample-400-tcp-flows.json');
    const dropped = await readAll(bytes);
    expect(dropped.result).toMatchObject({ format: 'hubble-jsonpb', kind: 'flows', lines: 400 });
    // 132 lines carry "is_reply":true (grep -c), the other 268 are emitted.
    expect(dropped.result.replies).toBe(132);
    expect(dropped.result.records).toBe(268);
    expect(dropped.records.every((r) => r.isReply !== true)).toBe(true);
    const kept = await readAll(bytes, { keepReplies: true });
    expect(kept.records).toHaveLength(400);
    expect(kept.records.filter((r) => r.isReply === true)).toHaveLength(132);
    // 350 lines have is_reply; the 50 without it are left to TCP flags / ports downstream.
    expect(kept.records.filter((r) => r.isReply === false)).toHaveLength(218);
    expect(kept.records.filter((r) => r.initiator === 'unknown')).toHaveLength(50);
    expect(kept.records.filter((r) => r.verdictRaw === 'REDIRECTED')).toHaveLength(27);
  });

  it('reads the first TCP line and an L7 HTTP request of the kind capture', () => {
    const { records } = parseFlowText(
      fixtureText('hubble/hubble-otel_basic-sample-400-tcp-flows.json'),
      'tcp.json',
    );
    expect(records[0]).toMatchObject({
      time: Date.UTC(2021, 10, 10, 10, 40, 56, 465),
      srcIp: '10.244.0.177',
      srcPort: 35128,
      dstIp: '10.244.0.110',
      dstPort: 9080,
      isReply: false,
      initiator: 'src',
      direction: 'egress',
      src: { pod: 'productpage-v1-6b746f74dc-9rcxx', identity: 3418, node: 'kind-control-plane' },
      dst: { pod: 'reviews-v2-7bf8c9648f-r7bs2', namespace: 'bookinfo' },
    });
    expect(plain(records[0]?.src?.labels)).toEqual({
      app: 'productpage',
      'sidecar.opentelemetry.io/injected': 'bookinfo.otelcol-bookinfo',
      version: 'v1',
    });
    expect(records[4]?.l7).toEqual({
      type: 'http',
      kind: 'REQUEST',
      method: 'GET',
      url: 'http://ratings:9080/ratings/0',
      code: undefined,
    });
  });

  it('reads ICMPv4 type/code and DNS L7 events', () => {
    const icmp = parseFlowText(
      fixtureText('hubble/hubble-otel_basic-sample-400-icmpv4-flows.json'),
      'i',
    );
    expect(icmp.records).toHaveLength(18);
    expect(icmp.records[0]).toMatchObject({
      proto: 'ICMP',
      icmp: { type: 8, code: 0 },
      srcIp: '10.244.0.148',
      dstIp: '10.244.0.160',
      src: { identity: 1, kind: 'host' },
      dst: { identity: 4, node: 'kind-control-plane' },
    });
    expect(icmp.records[1]).toMatchObject({ icmp: { type: 0, code: 0 }, isReply: true });
    const dns = parseFlowText(fixtureText('hubble/hubble-otel_basic-sample-5-dns-flows.json'), 'd');
    expect(dns.records[0]).toMatchObject({
      proto: 'TCP',
      dstPort: 53,
      l7: {
        type: 'dns',
        kind: 'REQUEST',
        query: 'istiod-istio-1611.istio-system.svc.istio-system.svc.cluster.local.',
      },
    });
  });
});

describe('Hubble legacy bare flows (hubble CLI ≤ 0.10)', () => {
  it('gives the same records as the jsonpb wrapper', () => {
    const legacy = parseFlowText(fixtureText('hubble-legacy/bare-flows-from-10-flows.json'), 'old');
    const jsonpb = parseFlowText(
      fixtureText('hubble/hubble-otel_basic-sample-10-flows.json'),
      'new',
    );
    expect(legacy.format).toBe('hubble-json-legacy');
    expect(legacy.records).toHaveLength(10);
    expect(plain(legacy.records)).toEqual(
      plain(jsonpb.records.map((r) => ({ ...r, format: 'hubble-json-legacy' }))),
    );
  });
});

/** Hand-written lines for fields the 2021 samples do not have (Cilium ≥ 1.15 and protojson camelCase). */
const CILIUM_119 = JSON.stringify({
  flow: {
    time: '2025-02-03T04:05:06.789Z',
    verdict: 'DROPPED',
    drop_reason_desc: 'POLICY_DENIED',
    IP: { source: '10.0.1.5', destination: '10.96.0.10', ipVersion: 'IPv4' },
    l4: { UDP: { source_port: 40000, destination_port: 53 } },
    source: {
      ID: 12,
      identity: 5000,
      cluster_name: 'east',
      namespace: 'shop',
      labels: [
        'k8s:app=web',
        'k8s:__proto__=x',
        'container:io.x=y',
        'k8s:io.cilium.k8s.policy.cluster=east',
      ],
      pod_name: 'web-5d9c7b-abcde',
      workloads: [{ name: 'web', kind: 'Deployment' }],
    },
    destination: { identity: 2, labels: ['reserved:world'] },
    destination_service: { name: 'kube-dns', namespace: 'kube-system' },
    destination_names: ['dns.example.'],
    node_name: 'east/node-1',
    traffic_direction: 'EGRESS',
    is_reply: false,
    egress_denied_by: [{ name: 'deny-dns', namespace: 'shop', kind: 'CiliumNetworkPolicy' }],
  },
  node_name: 'east/node-1',
  time: '2025-02-03T04:05:06.789Z',
});

describe('Hubble fields beyond the samples (hand-written lines)', () => {
  it('maps workloads, cluster, services, names, denied policies and labels safely', () => {
    const { records } = parseFlowText(`${CILIUM_119}\n`, 'x');
    const r = records[0];
    expect(r).toMatchObject({
      verdict: 'denied',
      verdictRaw: 'POLICY_DENIED',
      proto: 'UDP',
      policies: ['shop/deny-dns'],
      src: {
        cluster: 'east',
        workloadKind: 'Deployment',
        workloadName: 'web',
        node: 'node-1',
        kind: 'pod',
      },
      dst: {
        kind: 'world',
        service: { namespace: 'kube-system', name: 'kube-dns' },
        names: ['dns.example.'],
      },
    });
    const labels = r?.src?.labels ?? {};
    expect(Object.getPrototypeOf(labels)).toBeNull();
    expect(Object.keys(labels).sort()).toEqual(['__proto__', 'app']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('accepts camelCase protojson, skips node_status, reports lost events, keeps Retina verdicts', () => {
    const camel = JSON.stringify({
      flow: {
        time: '2025-01-01T00:00:00Z',
        verdict: 15,
        IP: { source: '10.0.0.1', destination: '10.0.0.2' },
        l4: { TCP: { sourcePort: 1234, destinationPort: 80, flags: { SYN: true } } },
        source: { podName: 'a', namespace: 'n' },
        trafficDirection: 'INGRESS',
        isReply: false,
      },
      nodeName: 'n1',
    });
    const text = [
      '{"node_status":{"state_change":"NODE_CONNECTED","node_names":["n1"]},"time":"2025-01-01T00:00:00Z"}',
      camel,
      '{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"7"},"time":"2025-01-01T00:00:00Z"}',
    ].join('\n');
    const { format, records, diagnostics } = parseFlowText(text, 'camel');
    expect(format).toBe('hubble-jsonpb');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      srcPort: 1234,
      dstPort: 80,
      direction: 'ingress',
      isReply: false,
      verdict: 'unknown',
      verdictRaw: '15',
      tcpFlags: { syn: true },
      src: { pod: 'a', namespace: 'n' },
    });
    expect(diagnostics).toMatchObject([{ code: 'NP-RECORD-SKIPPED', line: 3, severity: 'info' }]);
    expect(diagnostics[0]?.message).toContain('7 events');
  });

  it('reports bad lines with file and line and keeps reading', async () => {
    const good = fixtureText('hubble/hubble-otel_basic-sample-10-flows.json').split('\n')[2] ?? '';
    const text = `${good}\n{"flow": [1,2]\n{"flow":{"verdict":"FORWARDED"}}\nnot json\n${good}\n`;
    const { result, records } = await readAll(utf8(text), { file: 'mixed.json' });
    expect(records).toHaveLength(2);
    expect(result.lines).toBe(5);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.file])).toEqual([
      ['NP-PARSE-JSON', 2, 'mixed.json'],
      ['NP-PARSE-RECORD', 3, 'mixed.json'],
      ['NP-PARSE-JSON', 4, 'mixed.json'],
    ]);
  });

  it('gives each of the 16 TCP flag sets, false and absent flags left out', () => {
    const names = ['SYN', 'ACK', 'FIN', 'RST'] as const;
    const lines: string[] = [];
    const expected: Record<string, boolean>[] = [];
    for (let bits = 0; bits < 16; bits++) {
      const flags: Record<string, boolean> = {};
      const want: Record<string, boolean> = {};
      names.forEach((n, k) => {
        if (bits & (1 << k)) want[n.toLowerCase()] = flags[n] = true;
        else if (k % 2 === 0) flags[n] = false;
      });
      const l4 = { TCP: { source_port: 40000 + bits, destination_port: 80, flags } };
      lines.push(
        JSON.stringify({ flow: { IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4 } }),
      );
      expected.push(want);
    }
    const { records } = parseFlowText(lines.join('\n'), 'flags.json');
    expect(records.map((r) => plain(r.tcpFlags))).toEqual(expected);
  });
});
