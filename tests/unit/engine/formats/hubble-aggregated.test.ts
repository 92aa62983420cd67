import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

/** One aggregated record as the exporter writes it, `flow` members given. */
function line(flow: Record<string, unknown>): string {
  return JSON.stringify({ flow, node_name: 'aks/aks-pool-1', time: '2025-01-01T10:00:00Z' });
}

const WEB = { namespace: 'shop', pod_name: 'web-7d9f8b6c5d-x2x4z' };
const DB = { namespace: 'shop', pod_name: 'db-0' };

describe('Hubble exporter aggregated records', () => {
  it('reads the script sample: no IP, no port, three flows of unknown direction', () => {
    const { format, records } = parseFlowText(
      fixtureText('hubble-aggregated/aggregated-from-script.log'),
      'agg',
    );
    expect(format).toBe('hubble-aggregated');
    expect(records).toEqual([
      expect.objectContaining({
        count: 3,
        direction: 'unknown',
        initiator: 'unknown',
        proto: 'unknown',
        src: expect.objectContaining({ namespace: 'default', pod: 'web-pod' }),
        dst: expect.objectContaining({ namespace: 'default', pod: 'db-pod' }),
      }),
    ]);
    expect([records[0]?.srcIp, records[0]?.dstIp, records[0]?.dstPort]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('splits a record by counter, so each half keeps the direction it was seen in', () => {
    const text = line({
      source: WEB,
      destination: DB,
      l4: { TCP: { destination_port: 5432 } },
      is_reply: false,
      aggregate: { ingress_flow_count: 4, egress_flow_count: 5 },
    });
    const { records } = parseFlowText(text, 'agg');
    expect(records.map((r) => [r.direction, r.count, r.initiator, r.dstPort])).toEqual([
      ['ingress', 4, 'src', 5432],
      ['egress', 5, 'src', 5432],
    ]);
  });

  it('takes camelCase counters (generic protojson) and marks replies from the mask', () => {
    const text = line({
      source: DB,
      destination: WEB,
      is_reply: true,
      aggregate: { egressFlowCount: '2' },
    });
    const { records } = parseFlowText(text, 'agg');
    expect(records).toEqual([expect.objectContaining({ isReply: true, count: 2 })]);
  });

  it('reports a record with neither addresses nor endpoints', () => {
    const { records, diagnostics } = parseFlowText(
      line({ verdict: 'FORWARDED', aggregate: { unknown_direction_flow_count: 1 } }),
      'agg',
    );
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['NP-PARSE-RECORD']);
  });
});
