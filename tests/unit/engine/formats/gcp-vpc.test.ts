import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureBytes, fixtureText, readAll } from './fixtures';

describe('GCP VPC flow logs (synthetic entries, see PROVENANCE)', () => {
  it('reads LogEntry lines with GKE details; int64 counters arrive as strings', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('gcp-vpc/entries-synthetic.jsonl'),
      'gcp.jsonl',
    );
    expect(format).toBe('gcp-vpc');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      time: Date.UTC(2024, 2, 1, 10, 0, 0, 500),
      timeEnd: Date.UTC(2024, 2, 1, 10, 0, 5, 123),
      srcIp: '10.8.0.5',
      srcPort: 51234,
      dstIp: '10.8.1.12',
      dstPort: 8080,
      proto: 'TCP',
      bytes: 1240,
      packets: 12,
      reporter: 'dst',
      initiator: 'unknown',
      src: {
        cluster: 'prod',
        namespace: 'shop',
        pod: 'frontend-755cdc7957-abcde',
        workloadKind: 'Deployment',
        workloadName: 'frontend',
      },
      dst: { pod: 'cart-7d4899b484-x2x9k', service: { namespace: 'shop', name: 'cart' } },
    });
    expect(records[1]).toMatchObject({ proto: 'UDP', reporter: 'src', dstIp: '203.0.113.9' });
    expect(records[1]?.src).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: 'NP-PARSE-RECORD', line: 3 }]);
  });

  it('reads the pretty-printed array of `gcloud logging read --format=json`', async () => {
    const { result, records } = await readAll(fixtureBytes('gcp-vpc/gcloud-array-synthetic.json'), {
      chunk: 97,
    });
    expect(result).toMatchObject({ format: 'gcp-vpc', kind: 'flows', records: 2 });
    expect(result.diagnostics).toEqual([]);
    expect(records.map((r) => r.dstPort)).toEqual([8080, 443]);
  });
});
