/**
 * One DuckDB run in its own process (for `bench/sections/15-duckdb.mjs`): either the plain
 * `read_json` + `GROUP BY` over a Hubble capture, or the netpolish aggregate-file recipe
 * (`--recipe <script.sql>`), at `--threads N`. Prints one JSON line: rows out, wall ms.
 *
 *   node bench/duckdb-groupby.mjs <flows.jsonl> --threads N [--recipe script.sql]
 */
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file] = process.argv.slice(2);
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const threads = arg('threads') ?? '1';
const recipe = arg('recipe');

const GROUP_BY = `SELECT flow.IP.source AS src, flow.IP.destination AS dst,
    flow.l4.TCP.destination_port AS port, flow.verdict AS verdict, count(*) AS flows,
    min(flow.time) AS first_seen, max(flow.time) AS last_seen
  FROM read_json('${file}', format = 'newline_delimited')
  WHERE NOT coalesce(flow.is_reply, false)
  GROUP BY ALL`;

const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads });
const c = await db.connect();
let rows = 0;
if (recipe) {
  await c.run(readFileSync(recipe, 'utf8'));
} else {
  rows = (await c.runAndReadAll(GROUP_BY)).currentRowCount;
}
c.closeSync();
db.closeSync();
process.stdout.write(JSON.stringify({ rows, ms: performance.now() - t0 }) + '\n');
