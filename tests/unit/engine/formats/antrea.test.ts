import { describe, expect, it } from 'vitest';
import { detectFormat, parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

const SAMPLE = 'antrea/flowlogger_logger_test_expected_lines.csv';

/** A flowLogger record with the given columns replaced (index → value). */
function record(changes: Record<number, string>): string {
  const f = fixtureText(SAMPLE).split('\n')[0]!.split(',');
  for (const [i, v] of Object.entries(changes)) f[Number(i)] = v;
  return f.join(',');
}

describe('Antrea flowLogger CSV', () => {
  it('reads the test record: pods, nodes, Service address and the denying ingress rule', () => {
    const { format, records, diagnostics } = parseFlowText(fixtureText(SAMPLE), 'flows.csv');
    expect(format).toBe('antrea-flowlogger');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      time: 1637706961000,
      timeEnd: 1637706973000,
      srcIp: '10.10.0.79',
      dstIp: '10.10.0.80',
      srcPort: 44752,
      dstPort: 5201,
      proto: 'TCP',
      initiator: 'src',
      origDstIp: '10.10.1.10',
      origDstPort: 5202,
      verdict: 'denied',
      verdictRaw: 'Drop',
      src: { namespace: 'antrea-test', pod: 'perftest-a', node: 'k8s-node-control-plane' },
      dst: { namespace: 'antrea-test-b', pod: 'perftest-b', node: 'k8s-node-control-plane-b' },
    });
    // The second line is the same record printed with numbers: an update, counted once.
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['NP-RECORD-SKIPPED', 2]]);
  });

  it('keeps commas inside httpVals, reads numeric protocols and the Service name', () => {
    const text = record({
      0: '1700000000',
      6: '17',
      15: 'shop/cart:grpc',
      19: '1',
      24: '0',
      29: '{"0":"GET /a,b HTTP/1.1"}',
    });
    expect(detectFormat(text).format).toBe('antrea-flowlogger');
    const { records } = parseFlowText(text, 'x');
    expect(records[0]).toMatchObject({
      proto: 'UDP',
      verdict: 'allowed',
      dst: { service: { namespace: 'shop', name: 'cart' } },
    });
  });

  it('reports a line that lacks columns', () => {
    const { records, diagnostics } = parseFlowText(
      `${fixtureText(SAMPLE).split('\n')[0]}\n1637706961,10.0.0.1\n`,
      'x',
    );
    expect(records).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['NP-PARSE-RECORD', 2]]);
  });
});
