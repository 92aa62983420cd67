import { describe, expect, it } from 'vitest';
import { detectFormat, parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

const SAMPLE = 'retina/docker-provider_network_flow_logs_test_3flows.jsonl';

function flowLine(flow: Record<string, unknown>, node = 'c1/aks-nodepool1-1-vmss000000'): string {
  return JSON.stringify({ flow: { node_name: node, ...flow } });
}

describe('Retina / AKS ACNS flows', () => {
  it('reads the ACNS sample: two replies of kapinger-good and the FIN of kapinger-bad → good:8080', () => {
    const { format, records } = parseFlowText(fixtureText(SAMPLE), 'acns');
    expect(format).toBe('retina');
    expect(records.map((r) => [r.isReply, r.srcPort, r.dstPort, r.dst?.workloadName])).toEqual([
      [true, 8080, 60778, 'kapinger-bad'],
      [true, 8080, 60778, 'kapinger-bad'],
      [false, 60778, 8080, 'kapinger-good'],
    ]);
    expect(records[0]?.src?.node).toBe('aks-nodepool1-27013129-vmss000000');
  });

  it('knows the flow as ACNS only on an AKS node or by Retina-only fields', () => {
    const acns = {
      trace_reason: 'NEW',
      source: { workloads: [{ name: 'a', kind: 'Deployment' }] },
    };
    expect(detectFormat(flowLine(acns)).format).toBe('retina');
    expect(detectFormat(flowLine(acns, 'kind-worker')).format).toBe('hubble-jsonpb');
    expect(detectFormat(flowLine({ verdict: 16 }, 'kind-worker')).format).toBe('retina');
    expect(detectFormat(flowLine({ extensions: {} }, 'kind-worker')).format).toBe('retina');
  });

  it('names Retina verdicts, takes bytes from the extensions and orients by trace_reason', () => {
    const base = {
      IP: { source: '10.0.0.1', destination: '10.0.0.2' },
      l4: { UDP: { source_port: 40000, destination_port: 53 } },
      source: { workloads: [] },
    };
    const text = [
      flowLine({ ...base, verdict: 16, trace_reason: 'NEW' }),
      flowLine({
        ...base,
        verdict: 15,
        trace_reason: 'REPLY',
        extensions: {
          '@type': 'type.googleapis.com/google.protobuf.Struct',
          value: { bytes: 512 },
        },
      }),
      flowLine({ ...base, verdict: 'FORWARDED', trace_reason: 'RELATED' }),
    ].join('\n');
    const { records } = parseFlowText(text, 'retina');
    expect(records.map((r) => [r.verdictRaw, r.verdict, r.isReply, r.initiator, r.bytes])).toEqual([
      ['DNS', 'allowed', false, 'src', undefined],
      ['RETRANSMISSION', 'allowed', true, 'dst', 512],
      ['FORWARDED', 'allowed', undefined, 'unknown', undefined],
    ]);
  });
});
