/**
 * What the hostile-input hardening costs, and what it buys in the browser.
 *
 * Node: the engine's ingest (bench/ingest-node.ts) of the same capture, plain and gzipped, by
 * this tree and by the engine of commit 570cd34 — the commit before pako (every gzip member
 * read, CRC checked, a decompression budget) and the per-record checks (strict addresses,
 * ports and times) — both in the same run, with the JSON.parse baseline
 * (bench/baseline-node.mjs) as the yardstick. The old engine is extracted with `git archive`
 * into bench/data/at-570cd34 (its src/ and bench/ingest-node.ts, this tree's node_modules).
 * Runs alternate; the fastest of `repeat` counts; CPU time is reported beside wall time.
 *
 * Browser (bench/hostile-browser.mjs): a gzip bomb through "Import files" — peak memory of
 * Chromium's processes over the idle app's, and how long the budget takes to stop it — and
 * Cancel during a long gzipped import: click to "cancelled".
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { measureHostileBrowser, printHostileBrowser } from '../hostile-browser.mjs';

export const name = 'hostile-input';

/** The commit before the gzip and per-record hardening. */
const BEFORE = '570cd34';

/** This tree's engine and the old one's, side by side (same node_modules). */
function oldTree(root) {
  const dir = join(root, 'bench/data', `at-${BEFORE}`);
  if (existsSync(join(dir, 'bench/ingest-node.ts'))) return dir;
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    'sh',
    ['-c', `git archive ${BEFORE} src bench/ingest-node.ts package.json | tar -x -C "${dir}"`],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`git archive ${BEFORE} failed:\n${r.stderr}`);
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
  const old = oldTree(ctx.root);
  const runs = { baseline: [], now: [], before: [], nowGz: [], beforeGz: [] };
  const ingest = (dir, file) =>
    ctx.spawnTs(join(dir, 'bench/ingest-node.ts'), [file, dump], ['--expose-gc']);
  for (let i = 0; i < ctx.repeat; i++) {
    runs.baseline.push(
      ctx.spawnJson(process.execPath, [join(ctx.root, 'bench/baseline-node.mjs'), flows]),
    );
    runs.now.push(ingest(ctx.root, flows));
    runs.before.push(ingest(old, flows));
    runs.nowGz.push(ingest(ctx.root, gz));
    runs.beforeGz.push(ingest(old, gz));
  }
  const b = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, best(v)]));
  const node = {
    size,
    best: b,
    /** Each over the JSON.parse baseline (wall, CPU). */
    overBaseline: Object.fromEntries(
      ['now', 'before', 'nowGz', 'beforeGz'].map((k) => [
        k,
        { wall: ratio(b[k].ms, b.baseline.ms), cpu: ratio(b[k].cpuMs, b.baseline.cpuMs) },
      ]),
    ),
    /** > 1: the hardened engine is slower than the one before it. */
    nowOverBefore: {
      plain: { wall: ratio(b.now.ms, b.before.ms), cpu: ratio(b.now.cpuMs, b.before.cpuMs) },
      gzip: { wall: ratio(b.nowGz.ms, b.beforeGz.ms), cpu: ratio(b.nowGz.cpuMs, b.beforeGz.cpuMs) },
    },
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
    `ingest of ${n.size.toLocaleString('en')} flows, this tree vs ${BEFORE} (same run):`,
    line('now, plain    ', 'now'),
    line(`${BEFORE}, plain`, 'before'),
    line('now, gzip     ', 'nowGz'),
    line(`${BEFORE}, gzip `, 'beforeGz'),
    `  now ÷ ${BEFORE}: plain ${n.nowOverBefore.plain.wall}× wall, ${n.nowOverBefore.plain.cpu}× CPU; gzip ${n.nowOverBefore.gzip.wall}× wall, ${n.nowOverBefore.gzip.cpu}× CPU`,
    printHostileBrowser(r.browser),
  ].join('\n');
}
