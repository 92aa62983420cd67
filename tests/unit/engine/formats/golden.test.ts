/**
 * Golden records per format: each input below is read through readInput (replies kept) and
 * its format, records and diagnostics compared with `<input>.golden.json` beside it. The
 * goldens were checked by hand against the input before they were committed;
 * UPDATE_GOLDEN=1 rewrites them (review the diff before committing it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath, plain, readAll } from './fixtures';

const GOLDEN: [string, string][] = [
  ['hubble-aggregated/aggregated-from-script.log', 'hubble-aggregated'],
  ['retina/docker-provider_network_flow_logs_test_3flows.jsonl', 'retina'],
  ['netobserv/console-plugin_mocks_loki_flow_records_has_dropped.json', 'netobserv-loki'],
  ['netobserv/flows-from-loki-mock.jsonl', 'netobserv-json'],
  ['azure-vnet/azure-docs_vnet-flow-log-v4-sample.json', 'azure-vnet'],
  ['antrea/flowlogger_logger_test_expected_lines.csv', 'antrea-flowlogger'],
  ['calico-goldmane/emitter-from-field-list.ndjson', 'calico-goldmane'],
  ['calico-goldmane/whisker-flows-from-field-list.json', 'calico-goldmane'],
  ['calico-goldmane/whisker-watch-from-field-list.sse', 'calico-goldmane'],
  ['aws-cloudwatch/get-log-events-from-awsdocs-v2.json', 'aws-cloudwatch'],
  ['aws-cloudwatch/filter-log-events-from-awsdocs-v2.jsonl', 'aws-cloudwatch'],
];

describe('golden records', () => {
  it.each(GOLDEN)('%s (%s)', async (input, format) => {
    const name = input.split('/').pop() as string;
    const { result, records } = await readAll(fixtureBytes(input), {
      file: name,
      keepReplies: true,
      chunk: 1000,
    });
    expect(result.format).toBe(format);
    const actual = plain({ format: result.format, records, diagnostics: result.diagnostics });
    const path = fixturePath(`${input}.golden.json`);
    if (process.env['UPDATE_GOLDEN']) writeFileSync(path, JSON.stringify(actual, null, 1) + '\n');
    expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  });
});
