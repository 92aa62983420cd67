import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureText } from './fixtures';

describe('AWS VPC flow logs from CloudWatch Logs', () => {
  it('reads the get-log-events export and its JSON-lines form as the same VPC records', () => {
    const doc = parseFlowText(
      fixtureText('aws-cloudwatch/get-log-events-from-awsdocs-v2.json'),
      'a',
    );
    const lines = parseFlowText(
      fixtureText('aws-cloudwatch/filter-log-events-from-awsdocs-v2.jsonl'),
      'b',
    );
    const plain = parseFlowText(fixtureText('aws-vpc/awsdocs_vpcflow-v2-default.log'), 'c');
    expect(doc.format).toBe('aws-cloudwatch');
    expect(lines.format).toBe('aws-cloudwatch');
    expect(doc.records).toHaveLength(5);
    expect(doc.records).toEqual(plain.records);
    expect(lines.records).toEqual(plain.records);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['NP-RECORD-SKIPPED', 'NP-RECORD-SKIPPED']);
  });

  it('reads a subscription delivery (logEvents) and reports messages that are no flow record', () => {
    const message = fixtureText('aws-vpc/awsdocs_vpcflow-v2-default.log').split('\n')[1];
    const delivery = {
      messageType: 'DATA_MESSAGE',
      logGroup: 'vpc-flow-logs',
      logEvents: [
        { id: '1', timestamp: 1, message },
        { id: '2', timestamp: 2, message: 'hello' },
      ],
    };
    const { records, diagnostics } = parseFlowText(JSON.stringify(delivery), 'firehose');
    expect(records).toHaveLength(1);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'CloudWatch log event 1 is not a VPC flow log record',
    ]);
  });

  it('names a CloudWatch export of another log instead of calling it unknown', () => {
    const other = { events: [{ timestamp: 1, message: 'START RequestId: 42 Version: $LATEST' }] };
    const { records, diagnostics } = parseFlowText(JSON.stringify(other), 'lambda.json');
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'NP-FORMAT-UNSUPPORTED',
        'AWS CloudWatch Logs export whose messages are not VPC flow log records (first: "START RequestId: 42 Version: $LATEST")',
      ],
    ]);
  });
});
