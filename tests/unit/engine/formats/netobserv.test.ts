import { describe, expect, it } from 'vitest';
import { detectFormat, parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

const LOKI = 'netobserv/console-plugin_mocks_loki_flow_records_has_dropped.json';
const LINES = 'netobserv/flows-from-loki-mock.jsonl';

function flow(extra: Record<string, unknown>): string {
  return JSON.stringify({
    SrcAddr: '10.128.0.7',
    DstAddr: '10.129.0.9',
    SrcPort: 40000,
    DstPort: 8443,
    Proto: 6,
    TimeFlowStartMs: 1708011866459,
    TimeFlowEndMs: 1708011867121,
    ...extra,
  });
}

describe('OpenShift NetObserv flows', () => {
  it('reads the Loki answer: stream labels merged under each line, 50 flows', () => {
    const { format, records, diagnostics } = parseFlowText(fixtureText(LOKI), 'loki.json');
    expect(format).toBe('netobserv-loki');
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(50);
    expect(records[0]).toMatchObject({
      srcIp: '10.128.0.7',
      dstIp: '172.20.0.1',
      dstPort: 6443,
      direction: 'egress',
      src: {
        namespace: 'openshift-service-ca-operator',
        pod: 'service-ca-operator-575d5cf89-s8pjm',
        workloadKind: 'Deployment',
        workloadName: 'service-ca-operator',
        node: 'ip-10-0-1-7.ec2.internal',
      },
    });
  });

  it('gives the same records from the JSON lines as from the Loki answer', () => {
    const strip = (rs: { format: string }[]) => rs.map((r) => ({ ...r, format: '' }));
    const loki = parseFlowText(fixtureText(LOKI), 'a').records;
    const lines = parseFlowText(fixtureText(LINES), 'b');
    expect(lines.format).toBe('netobserv-json');
    expect(strip(lines.records)).toEqual(strip(loki));
  });

  it('orients by SYN and by NetObserv SYN_ACK, and leaves the rest to the ports', () => {
    const text = [flow({ Flags: 0x12 }), flow({ Flags: 0x112 }), flow({ Flags: 0x10 })].join('\n');
    const { records } = parseFlowText(text, 'x');
    expect(records.map((r) => [r.initiator, r.isReply])).toEqual([
      ['src', false],
      ['dst', true],
      ['unknown', undefined],
    ]);
  });

  it('skips copies marked Duplicate and connection updates, reads nodes and Services, marks full drops', () => {
    const text = [
      flow({ Duplicate: true }),
      flow({ _RecordType: 'heartbeat' }),
      flow({ _RecordType: 'newConnection', SrcK8S_Type: 'Node', SrcK8S_Name: 'worker-1' }),
      flow({ DstK8S_Type: 'Service', DstK8S_Namespace: 'shop', DstK8S_Name: 'cart' }),
      flow({ Packets: 0, PktDropPackets: 3, PktDropLatestDropCause: 'OVS_DROP_EXPLICIT' }),
    ].join('\n');
    const { records, diagnostics } = parseFlowText(text, 'x');
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['NP-RECORD-SKIPPED', 1],
      ['NP-RECORD-SKIPPED', 2],
    ]);
    expect(records[0]).toMatchObject({ initiator: 'src', src: { kind: 'node', node: 'worker-1' } });
    expect(records[1]?.dst).toEqual({
      namespace: 'shop',
      service: { namespace: 'shop', name: 'cart' },
    });
    expect(records[2]).toMatchObject({ verdict: 'dropped', verdictRaw: 'OVS_DROP_EXPLICIT' });
  });

  it('names a Loki answer of other logs instead of calling it unknown', () => {
    const answer = {
      status: 'success',
      data: {
        resultType: 'streams',
        result: [{ stream: { app: 'web' }, values: [['1', 'GET /']] }],
      },
    };
    const { records, diagnostics } = parseFlowText(JSON.stringify(answer, null, 2), 'x');
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['NP-FORMAT-UNSUPPORTED', 'A Loki answer whose lines are not NetObserv flows'],
    ]);
  });

  it('recognises a Loki answer larger than the detection head by its keys', () => {
    const head = fixtureText(LOKI).slice(0, 2000);
    expect(detectFormat(head).format).toBe('netobserv-loki');
  });
});
