import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

function doc(tuples: string[], rule = 'AllowVnetOutBound'): string {
  const record = {
    time: '2024-01-01T10:00:00Z',
    flowLogVersion: 4,
    macAddress: '00224871C205',
    category: 'FlowLogFlowEvent',
    flowRecords: { flows: [{ aclID: 'x', flowGroups: [{ rule, flowTuples: tuples }] }] },
  };
  return JSON.stringify({ records: [record] }, null, 2);
}

describe('Azure VNet flow logs v4', () => {
  it('reads the documented sample: 5 outbound connections and 9 denied inbound attempts', () => {
    const { format, records, diagnostics } = parseFlowText(
      fixtureText('azure-vnet/azure-docs_vnet-flow-log-v4-sample.json'),
      'PT1H.json',
    );
    expect(format).toBe('azure-vnet');
    expect(diagnostics).toEqual([]);
    const allowed = records.filter((r) => r.verdict === 'allowed');
    const denied = records.filter((r) => r.verdict === 'denied');
    expect(allowed).toHaveLength(5);
    expect(denied).toHaveLength(9);
    expect(allowed[4]).toMatchObject({
      srcIp: '10.0.0.6',
      dstIp: '104.16.218.84',
      dstPort: 443,
      time: 1663146017343,
      timeEnd: 1663146022793,
      packets: 22,
      bytes: 2217,
      packetsRev: 33,
      bytesRev: 32466,
      direction: 'egress',
      initiator: 'src',
      policies: ['DefaultRule_AllowInternetOutBound'],
    });
    expect(denied[0]).toMatchObject({
      srcIp: '101.33.218.153',
      dstPort: 22,
      direction: 'ingress',
      policies: ['BlockHighRiskTCPPortsFromInternet'],
    });
  });

  it('folds begin, continue and end into one connection, and counts one seen only continuing', () => {
    const text = doc([
      '1000,10.0.0.4,10.0.0.5,40000,80,6,O,B,NX,0,0,0,0',
      '2000,10.0.0.4,10.0.0.5,40000,80,6,O,C,NX,2,100,2,200',
      '3000,10.0.0.4,10.0.0.5,40000,80,6,O,E,NX,1,50,1,60',
      '4000,10.0.0.4,10.0.0.5,40001,80,6,O,C,NX,1,10,1,20',
      '5000,10.0.0.4,10.0.0.5,40000,80,6,O,B,NX,0,0,0,0',
    ]);
    const { records } = parseFlowText(text, 'blob');
    expect(records.map((r) => [r.srcPort, r.time, r.timeEnd, r.bytes, r.bytesRev])).toEqual([
      [40000, 1000, 3000, 150, 260],
      [40001, 4000, undefined, 10, 20],
      [40000, 5000, undefined, 0, 0],
    ]);
  });

  it('reports a broken tuple with its place in the document and reads the others', () => {
    const text = doc([
      '1000,10.0.0.4,10.0.0.5,40000,80,6,O,B',
      'x,10.0.0.4,10.0.0.5,1,2,6,O,D,NX,0,0,0,0',
    ]);
    const { records, diagnostics } = parseFlowText(text, 'blob');
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      [
        'NP-PARSE-RECORD',
        1,
        'Azure flow tuple records[0].flowRecords.flows[0].flowGroups[0].flowTuples[0] has 8 fields, 13 expected',
      ],
      [
        'NP-PARSE-RECORD',
        1,
        'Azure flow tuple records[0].flowRecords.flows[0].flowGroups[0].flowTuples[1] has no millisecond timestamp',
      ],
    ]);
  });
});
