import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAwsFields, sqlScript } from '../../../../src/lib/engine/sql';
import { countedAggregates } from '../../../../src/lib/engine/aggregate/undetermined';
import { atFileWidth } from './duckdb';
import { analyzeFiles, duckdb, portsOf, runDuckdb } from './duckdb';

const FIX = join(__dirname, '../../../fixtures');
const OUT = mkdtempSync(join(tmpdir(), 'netpolish-agg-'));

interface Case {
  name: string;
  format: string;
  /** The recipe's --input (a file or a glob). */
  input: string;
  /** The same files, for the direct import. */
  flows: string[];
  metadata?: string[];
  fields?: string[];
}

const BOOKINFO = join(FIX, 'analyze/hubble-kind-bookinfo');
const F = (dir: string, file: string): string => join(FIX, 'formats', dir, file);
const one = (name: string, format: string, path: string, fields?: string[]): Case => ({
  name,
  format,
  input: path,
  flows: [path],
  fields,
});
const awsHeader = (file: string): string[] =>
  parseAwsFields(readFileSync(F('aws-vpc', file), 'utf8').split('\n')[0]!);
const AWS = [
  'awsdocs_vpcflow-v2-default.log',
  'awsdocs_vpcflow-v3-tcpflags.log',
  'awsdocs_vpcflow-v5-custom.log',
];

const CASES: Case[] = [
  ...[
    'hubble-otel_basic-sample-10-flows.json',
    'hubble-otel_basic-sample-400-icmpv4-flows.json',
    'hubble-otel_basic-sample-400-tcp-flows.json',
    'hubble-otel_basic-sample-5-dns-flows.json',
    'hubble-otel_basic-sample-5-http-flows.json',
  ].map((f) => one(`hubble ${f}`, 'hubble-jsonpb', F('hubble', f))),
  one('aws v2 default format', 'aws-vpc', F('aws-vpc', AWS[0]!)),
  ...AWS.map((f) =>
    one(`aws ${f} (its header as --fields)`, 'aws-vpc', F('aws-vpc', f), awsHeader(f)),
  ),
  one('gcp entries', 'gcp-vpc', F('gcp-vpc', 'entries-synthetic.jsonl')),
  ...['flows-observability-clinic.log', 'flows-synthetic-aggregated.log'].map((f) =>
    one(`calico ${f}`, 'calico-ee', F('calico-ee', f)),
  ),
  {
    name: 'hubble bookinfo tcp+udp with its dump',
    format: 'hubble-jsonpb',
    input: join(BOOKINFO, 'hubble-otel_basic-sample-400-*-flows.json'),
    flows: ['tcp', 'udp'].map((p) =>
      join(BOOKINFO, `hubble-otel_basic-sample-400-${p}-flows.json`),
    ),
    metadata: [join(BOOKINFO, 'cluster.json'), join(BOOKINFO, 'bookinfo.json')],
  },
];

describe('DuckDB recipes reduce a raw capture to an aggregate file that imports to the same result', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const out = join(OUT, `${c.name.replace(/\W+/g, '-')}.parquet`);
      const metadata = c.metadata ?? [];
      const knownPorts = await portsOf(metadata);
      await runDuckdb({
        format: c.format,
        input: c.input,
        output: out,
        knownPorts,
        fields: c.fields,
      });
      const raw = await analyzeFiles([...metadata, ...c.flows]);
      const agg = await analyzeFiles([...metadata, out]);
      expect(agg.diagnostics.filter((d) => !metadata.some((m) => m.endsWith(d.file)))).toEqual([]);
      expect(raw.aggregates.length).toBeGreaterThan(0);
      // Counted communications only: the recipes leave undetermined pairs out (no column for them).
      expect(agg.aggregates).toEqual(atFileWidth(countedAggregates(raw.aggregates)));
      expect(agg.stats.initiations).toBe(raw.stats.initiations);
    });
  }
});

/** The recipe's script without its key/value metadata, as Spark, Trino and BigQuery write files. */
const withoutMetadata = (script: string): string => script.replace(/, KV_METADATA \{[^}]*\}/, '');

describe('finer buckets (--bucket): the file answers at the direct import’s own width', () => {
  const FINE = CASES.filter((c) => /10-flows|400-tcp|calico|v5-custom|bookinfo/.test(c.name));

  for (const c of FINE) {
    it(`${c.name}, 1 s rows: equal to the direct import, with and without the width in the file`, async () => {
      const metadata = c.metadata ?? [];
      const req = {
        format: c.format,
        input: c.input,
        knownPorts: await portsOf(metadata),
        fields: c.fields,
        bucketMs: 1_000,
      };
      const raw = await analyzeFiles([...metadata, ...c.flows]);
      const counted = countedAggregates(raw.aggregates);
      const said = join(OUT, `${c.name.replace(/\W+/g, '-')}-1s.parquet`);
      await runDuckdb({ ...req, output: said });
      const bare = join(OUT, `${c.name.replace(/\W+/g, '-')}-1s-bare.parquet`);
      await duckdb(withoutMetadata(sqlScript({ ...req, engine: 'duckdb', output: bare })));
      for (const file of [said, bare]) {
        const agg = await analyzeFiles([...metadata, file]);
        expect(agg.aggregates).toEqual(counted);
      }
    });
  }

  it('a file without the width whose rows all start on minutes is read at a minute', async () => {
    const c = CASES.find((x) => x.name.startsWith('calico flows-synthetic'))!;
    const out = join(OUT, 'calico-minutes-bare.parquet');
    const script = sqlScript({ engine: 'duckdb', format: c.format, input: c.input, output: out });
    expect(script).not.toBe(withoutMetadata(script));
    await duckdb(withoutMetadata(script));
    const raw = await analyzeFiles(c.flows);
    const agg = await analyzeFiles([out]);
    expect(agg.aggregates).toEqual(atFileWidth(countedAggregates(raw.aggregates)));
    expect(agg.aggregates.every((a) => a.bucketMs === 60_000)).toBe(true);
  });
});
