/**
 * The aggregate-file reader on bad input: a foreign or newer Parquet file, a truncated or
 * mutated file, rows with impossible values. It never throws; each problem is a diagnostic,
 * and the good rows of a file still count.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../formats/fixtures';
import { duckdb } from './duckdb';

const DIR = mkdtempSync(join(tmpdir(), 'netpolish-reader-'));
const file = (name: string): string => join(DIR, name);

/** Rows as SQL values: client, server, port, first, last, flows, at client, at server. */
const GOOD = `('10.0.0.1', '10.0.0.2', 8080, 'TCP', 60000, 60500, 61000, 3, 2, 0, 'allowed', 'shop', 'web-1')`;
const ROWS = [
  GOOD,
  `('10.0.0.1', '10.0.0.2', 70000, 'TCP', 60000, 60500, 61000, 1, 0, 0, 'allowed', NULL, NULL)`,
  `('10.0.0.1', '10.0.0.2', 80, 'TCP', 60000, 60500, 60400, 1, 0, 0, 'allowed', NULL, NULL)`,
  `('10.0.0.1', '10.0.0.2', 80, 'TCP', 60000, 60500, 61000, 0, 0, 0, 'allowed', NULL, NULL)`,
  `('10.0.0.1', '10.0.0.2', 80, NULL, 60000, 60500, 61000, 1, 0, 0, 'allowed', NULL, NULL)`,
  `('10.0.0.1', '10.0.0.2', 80, 'UDP', 60000, 60500, 61000, 1, 5, 0, 'allowed', NULL, NULL)`,
];
const COLUMNS =
  'client_ip, server_ip, server_port, protocol, bucket_ms, first_seen_ms, last_seen_ms, flows, flows_at_client, flows_at_server, verdict, client_namespace, client_pod';

function copy(rows: string[], out: string, kv = "'netpolish.version': '1'"): string {
  return `COPY (SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${COLUMNS})) TO '${out}' (FORMAT parquet, KV_METADATA {${kv}});`;
}

beforeAll(async () => {
  await duckdb(
    [
      copy(ROWS, file('rows.parquet')),
      copy([GOOD], file('newer.parquet'), "'netpolish.version': '2'"),
      `COPY (SELECT 1 AS a, 'x' AS b) TO '${file('foreign.parquet')}' (FORMAT parquet);`,
    ].join('\n'),
  );
});

const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(file(name)));

describe('aggregate file reader', () => {
  it('reads good rows (split by observing end) and reports each bad row with its row number', async () => {
    const { result, records } = await readAll(bytes('rows.parquet'));
    expect(result).toMatchObject({ format: 'netpolish-aggregate', kind: 'flows', lines: 6 });
    expect(records).toHaveLength(2);
    expect(records.map((r) => [r.reporter, r.count, r.time, r.timeEnd, r.dstPort])).toEqual([
      ['src', 2, 60500, 61000, 8080],
      [undefined, 1, 60500, 61000, 8080],
    ]);
    expect(records[0]).toMatchObject({ initiator: 'src', srcIp: '10.0.0.1', dstIp: '10.0.0.2' });
    expect(records[0]?.src).toEqual({ namespace: 'shop', pod: 'web-1' });
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['NP-PARSE-RECORD', 2],
      ['NP-PARSE-RECORD', 3],
      ['NP-PARSE-RECORD', 4],
      ['NP-PARSE-RECORD', 5],
      ['NP-PARSE-RECORD', 6],
    ]);
  });

  it('refuses a Parquet file of another schema or a newer version, and a truncated one', async () => {
    for (const [name, code] of [
      ['foreign.parquet', 'NP-FORMAT-UNSUPPORTED'],
      ['newer.parquet', 'NP-FORMAT-UNSUPPORTED'],
    ]) {
      const { result, records } = await readAll(bytes(name!));
      expect(records).toEqual([]);
      expect(result.diagnostics.map((d) => d.code)).toEqual([code]);
    }
    const whole = bytes('rows.parquet');
    const { result } = await readAll(whole.slice(0, whole.length - 9));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NP-FILE-UNREADABLE']);
  });

  it('never throws on mutated files: records or diagnostics, nothing else', async () => {
    const whole = bytes('rows.parquet');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.integer({ min: 4, max: whole.length - 1 }), fc.integer({ min: 0, max: 255 })),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.nat(whole.length),
        async (edits, cut) => {
          // The magic stays: the file is still sniffed as Parquet.
          const b = whole.slice(0, Math.max(4, cut));
          for (const [at, v] of edits) if (at < b.length) b[at] = v;
          const { result, records } = await readAll(b);
          expect(result.format).toBe('netpolish-aggregate');
          expect(records.length + result.diagnostics.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
