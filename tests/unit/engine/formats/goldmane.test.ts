import { describe, expect, it } from 'vitest';
import { detectFormat, parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText, plain } from './fixtures';

describe('Calico OSS Goldmane / Whisker flows', () => {
  it('reads the emitter NDJSON: enums as numbers, connections started as the count', () => {
    const { format, records } = parseFlowText(
      fixtureText('calico-goldmane/emitter-from-field-list.ndjson'),
      'emitter',
    );
    expect(format).toBe('calico-goldmane');
    expect(records.map((r) => [r.reporter, r.verdict, r.count, r.dstPort])).toEqual([
      ['src', 'allowed', 4, 7070],
      ['dst', 'allowed', 4, 7070],
      ['dst', 'denied', 3, 6379],
      ['dst', 'allowed', 2, 8080],
    ]);
    expect(records[0]).toMatchObject({
      initiator: 'src',
      bytes: 18764,
      policies: ['online-boutique/cartservice'],
      dst: { service: { namespace: 'online-boutique', name: 'cartservice', port: 7070 } },
    });
    expect(records[0]?.srcIp).toBeUndefined();
    expect(plain(records[2]?.src)).toEqual({ kind: 'world', aggregatedName: 'pvt' });
    expect(plain(records[3]?.src)).toEqual({ kind: 'host', node: 'node-a' });
  });

  it('reads whisker answers, its event stream and gRPC protojson alike', () => {
    const rest = parseFlowText(
      fixtureText('calico-goldmane/whisker-flows-from-field-list.json'),
      'r',
    );
    expect(rest.records.map((r) => [r.time, r.verdict, r.dst?.kind])).toEqual([
      [1748001600000, 'allowed', undefined],
      [1748001615000, 'denied', 'world'],
    ]);
    expect(plain(rest.records[0]?.src?.labels)).toEqual({
      app: 'checkoutservice',
      'pod-template-hash': '5c8d7b9f6d',
    });
    const sse = parseFlowText(
      fixtureText('calico-goldmane/whisker-watch-from-field-list.sse'),
      's',
    );
    expect(sse.records.map((r) => r.reporter)).toEqual(['src', 'dst']);
    const grpc = JSON.stringify({
      id: '7',
      flow: {
        Key: {
          sourceName: 'a-*',
          sourceNamespace: 'ns',
          sourceType: 'WorkloadEndpoint',
          destName: 'b-*',
          destNamespace: 'ns',
          destPort: '80',
          proto: 'udp',
          reporter: 'Dst',
          action: 'Allow',
        },
        startTime: '1748001600',
        numConnectionsStarted: '2',
      },
    });
    expect(detectFormat(grpc).format).toBe('calico-goldmane');
    expect(parseFlowText(grpc, 'g').records[0]).toMatchObject({
      proto: 'UDP',
      dstPort: 80,
      count: 2,
      reporter: 'dst',
      time: 1748001600000,
    });
  });

  it('reports stray lines in an event stream and ignores its framing', () => {
    const text =
      'event: flow\nid: 1\n: keep-alive\ndata: {"source_name":"a","dest_name":"b"}\nhello\n';
    const { records, diagnostics } = parseFlowText(`data: {"x":1}\n${text}`, 'sse');
    expect(records).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['NP-PARSE-RECORD', 1],
      ['NP-PARSE-RECORD', 6],
    ]);
  });
});
