import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from './run-cli';
import { portsOf, runDuckdb } from '../engine/aggregate-file/duckdb';

const BOOKINFO = relative(
  process.cwd(),
  join(__dirname, '../../fixtures/analyze/hubble-kind-bookinfo'),
);
const META = ['cluster.json', 'bookinfo.json'].map((f) => join(BOOKINFO, f));
const FLOWS = ['tcp', 'udp'].map((p) =>
  join(BOOKINFO, `hubble-otel_basic-sample-400-${p}-flows.json`),
);

describe('netpolish sql', () => {
  it('prints the recipe; --metadata adds the dump’s server ports to the heuristics', async () => {
    const base = [
      'sql',
      '--engine',
      'duckdb',
      '--format',
      'hubble-jsonpb',
      '--input',
      'in/*.json',
      '--output',
      'o.parquet',
    ];
    const plain = await cli(...base);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("read_ndjson_objects('in/*.json'");
    expect(plain.out).toContain("TO 'o.parquet' (FORMAT parquet");
    expect(plain.out).toContain('-- 0 server ports');
    const withDump = await cli(...base, '--metadata', ...META);
    expect(withDump.out).toMatch(/-- [1-9]\d* server ports/);
    expect(withDump.out).toContain("('10.244.1.");
    const fine = await cli(...base, '--bucket', '1s');
    expect(fine.out).toContain('-- time buckets: 1 s');
    expect(fine.out).toContain('FLOOR(time_ms / 1000)');
    expect(fine.out).toContain("'netpolish.bucket_ms': '1000'");
    expect(plain.out).toContain("'netpolish.bucket_ms': '60000'");
  });

  it('refuses unknown engines, formats and bucket widths, missing options and --fields off aws-vpc', async () => {
    const ok = ['--input', 'i', '--output', 'o'];
    for (const [argv, msg] of [
      [['--engine', 'hive', '--format', 'aws-vpc', ...ok], "--engine 'hive' is not one of"],
      [['--engine', 'spark', '--format', 'zeek-tsv', ...ok], "--format 'zeek-tsv' has no recipe"],
      [['--engine', 'spark', '--format', 'aws-vpc', '--input', 'i'], '--output is required'],
      [
        ['--engine', 'spark', '--format', 'gcp-vpc', ...ok, '--fields', 'version'],
        'for aws-vpc only',
      ],
      [['--engine', 'spark', '--format', 'gcp-vpc', ...ok, '--bucket', '2s'], "--bucket '2s'"],
    ] as const) {
      const r = await cli('sql', ...argv);
      expect(r.code).toBe(1);
      expect(r.err).toContain(msg);
    }
  });
});

describe('analyze reads aggregate files like any capture', () => {
  it('a folder of part files (Spark’s _SUCCESS and .crc files ignored) gives the raw capture’s communications', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpolish-parts-'));
    const parts = join(dir, 'aggregate');
    const knownPorts = await portsOf(META);
    mkdirSync(parts);
    for (const [i, f] of FLOWS.entries()) {
      await runDuckdb({
        format: 'hubble-jsonpb',
        input: f,
        output: join(parts, `part-0000${i}.parquet`),
        knownPorts,
      });
    }
    writeFileSync(join(parts, '_SUCCESS'), '');
    writeFileSync(join(parts, '.part-00000.parquet.crc'), 'crc\u0000\u0001garbage');
    const args = ['--metadata', ...META, '--namespace', 'bookinfo', '--json'];
    const raw = await cli('analyze', '--flows', ...FLOWS, ...args);
    const agg = await cli('analyze', '--flows', parts, ...args);
    expect(agg.code).toBe(0);
    expect(JSON.parse(raw.out).communications.length).toBeGreaterThan(0);
    // The same document, but for the undetermined pairs, which aggregate files do not carry.
    const rawDoc = JSON.parse(raw.out);
    expect(rawDoc.undetermined.length).toBeGreaterThan(0);
    expect(JSON.parse(agg.out)).toEqual({ ...rawDoc, undetermined: [] });
    // Windows on the file's minutes: the same answers.
    for (const window of [
      ['--to', '2021-11-10T10:40:59.999Z'],
      ['--from', '2021-11-10T10:41:00Z'],
    ]) {
      const r = await cli('analyze', '--flows', ...FLOWS, ...args, ...window);
      const a = await cli('analyze', '--flows', parts, ...args, ...window);
      const windowed = JSON.parse(r.out).communications;
      expect(windowed.length).toBeGreaterThan(0);
      expect(JSON.parse(a.out).communications).toEqual(windowed);
    }
    // Inside a minute the raw capture answers to the second; the file's minute rows count whole.
    const window = ['--from', '2021-11-10T10:40:57Z', '--to', '2021-11-10T10:40:58Z'];
    const r = await cli('analyze', '--flows', ...FLOWS, ...args, ...window);
    const a = await cli('analyze', '--flows', parts, ...args, ...window);
    type Row = { direction: string; workload: unknown; peer: unknown; port: number; flows: number };
    const id = (c: Row) => JSON.stringify([c.direction, c.workload, c.peer, c.port]);
    const fine = JSON.parse(r.out).communications as Row[];
    const coarse = new Map(
      (JSON.parse(a.out).communications as Row[]).map((c) => [id(c), c.flows]),
    );
    expect(fine.length).toBeGreaterThan(0);
    for (const c of fine) expect(coarse.get(id(c))).toBeGreaterThanOrEqual(c.flows);
    expect(fine.reduce((s, c) => s + c.flows, 0)).toBeLessThan(
      [...coarse.values()].reduce((s, n) => s + n, 0),
    );
  });

  it('with 1 s rows (--bucket 1s) a window inside a minute gets the raw capture’s answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpolish-parts-1s-'));
    const knownPorts = await portsOf(META);
    const parts = FLOWS.map((f, i) => join(dir, `part-0000${i}.parquet`));
    for (const [i, f] of FLOWS.entries()) {
      const output = parts[i]!;
      await runDuckdb({ format: 'hubble-jsonpb', input: f, output, knownPorts, bucketMs: 1_000 });
    }
    const args = ['--metadata', ...META, '--namespace', 'bookinfo', '--json'];
    const window = ['--from', '2021-11-10T10:40:57Z', '--to', '2021-11-10T10:40:58Z'];
    const raw = await cli('analyze', '--flows', ...FLOWS, ...args, ...window);
    const agg = await cli('analyze', '--flows', dir, ...args, ...window);
    const rows = JSON.parse(raw.out).communications;
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.parse(agg.out).communications).toEqual(rows);
  });
});
