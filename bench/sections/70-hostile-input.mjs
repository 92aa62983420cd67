/**
 * What the hostile-input hardening costs, and what it buys in the browser.
 *
 * Node: the engine's ingest (bench/ingest-node.ts) of the same capture, plain and gzipped, by
 * the engine of commit 570cd34 — the commit before pako (every gzip member read, CRC checked,
 * a decompression budget) and the per-record checks (strict addresses, ports and times) — by
 * that of 6744faa, the same engine with just that hardening, and by this tree (which has more
 * besides: undetermined pairs, identity resolution…), all in the same run, with the JSON.parse
 * baseline (bench/baseline-node.mjs) as the yardstick. Old engines are extracted with
 * `git archive` into the system's temporary folder (src/ and bench/ingest-node.ts, this tree's
 * node_modules). Runs alternate; the fastest of `repeat` counts; CPU time beside wall time.
 *
 * Browser (bench/hostile-browser.mjs): a gzip bomb through "Import files" — peak memory of
 * Chromium's processes over the idle app's, and how long the budget takes to stop it — and
 * Cancel during a long gzipped import: click to "cancelled".
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { measureHostileBrowser, printHostileBrowser } from '../hostile-browser.mjs';

export const name = 'hostile-input';

/** The commit before the gzip and per-record hardening, and the one that ends it. */
const BEFORE = '570cd34';
const HARDENED = '6744faa';

/** An old commit's engine beside this tree's (same node_modules). */
function oldTree(root, commit) {
  // Outside the repository: svelte-check and the linters would read its old sources.
  const dir = join(tmpdir(), `netpolish-bench-at-${commit}`);
  if (existsSync(join(dir, 'bench/ingest-node.ts'))) return dir;
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    'sh',
    ['-c', `git archive ${commit} src bench/ingest-node.ts package.json | tar -x -C "${dir}"`],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`git archive ${commit} failed:\n${r.stderr}`);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

async function gzipped(file) {
  const out = `${file}.gz`;
  if (!existsSync(out))
    await pipeline(createReadStream(file), createGzip({ level: 6 }), createWriteStream(out));
  return out;
}

const best = (runs) => ({
  ms: Math.min(...runs.map((r) => r.ms)),
  cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
  lines: runs[0].lines,
  records: runs[0].records,
  aggregates: runs[0].aggregates,
  peakRssMb: Math.round(Math.max(...runs.map((r) => r.maxRssKb)) / 1024),
});
const ratio = (a, b) => Math.round((a / b) * 100) / 100;

export async function run(ctx) {
  const size = Math.min(...ctx.sizes);
  const { flows, dump } = ctx.files[size];
  const gz = await gzipped(flows);
  const before = oldTree(ctx.root, BEFORE);
  const hardened = oldTree(ctx.root, HARDENED);
  const runs = {
    baseline: [],
    before: [],
    hardened: [],
    now: [],
    beforeGz: [],
    hardenedGz: [],
    nowGz: [],
  };
  const ingest = (dir, file) =>
    ctx.spawnTs(join(dir, 'bench/ingest-node.ts'), [file, dump], ['--expose-gc']);
  for (let i = 0; i < ctx.repeat; i++) {
    runs.baseline.push(
      ctx.spawnJson(process.execPath, [join(ctx.root, 'bench/baseline-node.mjs'), flows]),
    );
    for (const [dir, plain, zipped] of [
      [before, 'before', 'beforeGz'],
      [hardened, 'hardened', 'hardenedGz'],
      [ctx.root, 'now', 'nowGz'],
    ]) {
      runs[plain].push(ingest(dir, flows));
      runs[zipped].push(ingest(dir, gz));
    }
  }
  const b = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, best(v)]));
  const node = {
    size,
    best: b,
    /** Each over the JSON.parse baseline (wall, CPU). */
    overBaseline: Object.fromEntries(
      ['before', 'hardened', 'now', 'beforeGz', 'hardenedGz', 'nowGz'].map((k) => [
        k,
        { wall: ratio(b[k].ms, b.baseline.ms), cpu: ratio(b[k].cpuMs, b.baseline.cpuMs) },
      ]),
    ),
    /** > 1: slower than the engine before the hardening (the hardening alone; everything since). */
    overBefore: Object.fromEntries(
      ['hardened', 'now'].map((k) => [
        k,
        {
          plain: { wall: ratio(b[k].ms, b.before.ms), cpu: ratio(b[k].cpuMs, b.before.cpuMs) },
          gzip: {
            wall: ratio(b[`${k}Gz`].ms, b.beforeGz.ms),
            cpu: ratio(b[`${k}Gz`].cpuMs, b.beforeGz.cpuMs),
          },
        },
      ]),
    ),
  };
  const browser = await measureHostileBrowser({
    cancelFile: gz,
    log: (m) => process.stdout.write(`  ${m}\n`),
  });
  return { node, browser };
}

export function print(r) {
  const n = r.node;
  const o = n.overBaseline;
  const line = (label, k) =>
    `  ${label}: ${o[k].wall}× JSON.parse wall, ${o[k].cpu}× CPU; ${n.best[k].records.toLocaleString('en')} records, ${n.best[k].aggregates} aggregates, peak RSS ${n.best[k].peakRssMb} MB`;
  return [
    `ingest of ${n.size.toLocaleString('en')} flows by ${BEFORE}, ${HARDENED} and this tree (same run):`,
    line(`${BEFORE}, plain`, 'before'),
    line(`${HARDENED}, plain`, 'hardened'),
    line('now, plain    ', 'now'),
    line(`${BEFORE}, gzip `, 'beforeGz'),
    line(`${HARDENED}, gzip `, 'hardenedGz'),
    line('now, gzip     ', 'nowGz'),
    ...['hardened', 'now'].map((k) => {
      const o = n.overBefore[k];
      return `  ${k === 'now' ? 'now' : HARDENED} ÷ ${BEFORE}: plain ${o.plain.wall}× wall, ${o.plain.cpu}× CPU; gzip ${o.gzip.wall}× wall, ${o.gzip.cpu}× CPU`;
    }),
    printHostileBrowser(r.browser),
  ].join('\n');
}
