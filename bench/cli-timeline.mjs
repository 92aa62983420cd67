/**
 * Where one CLI run spends its time, phase by phase: builds an unminified bundle of the CLI
 * from this tree (as scripts/cli-bundle.mjs does, without minifying), wraps the pipeline's
 * phase functions with marks, runs the command and prints when each phase began and ended
 * (ms since the process started), its wall time and the CPU the process (all threads) and
 * the phase's own thread spent in it. Worker threads (`--threads N`) mark too; every
 * `--every` records read (default 20,000) a progress mark shows the main pass's pace.
 *
 *   node bench/cli-timeline.mjs [--runs N] [--every N] -- analyze --metadata … --flows … --json
 *
 * With `--runs N` the command runs N times and each phase's median is printed. A function
 * name the bundle no longer has fails the script (the list below follows the sources). Thread
 * CPU comes from /proc/thread-self/stat (10 ms ticks, Linux only; "-" elsewhere).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The phases marked: functions of the CLI's and engine's sources, by their bundled name. */
const PHASES = [
  'main',
  'readSourceArgs',
  'analyzeSources',
  'analyzeStreams',
  'sniff',
  'readInput',
  'metadataInventory',
  'parseMetadataText',
  'buildInventory',
  'indexInventory',
  'streamFlows',
  'readParts',
  'readPart',
  'readShard',
  'readStage',
  'serveParts',
  'workerParts',
  'aggregatingStage',
  'mergeSettled',
  'mergeWalk',
  'settledAlone',
  'withNameAliases',
  'communicationsOf',
  'undeterminedOf',
  'toJson',
];

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const command = dash >= 0 ? argv.slice(dash + 1) : [];
const opt = (name, fallback) => {
  const i = own.indexOf(`--${name}`);
  return i >= 0 ? Number(own[i + 1]) : fallback;
};
const runs = opt('runs', 1);
const every = opt('every', 20000);
if (command.length === 0) {
  console.error('usage: node bench/cli-timeline.mjs [--runs N] [--every N] -- <netpolish args>');
  process.exit(2);
}

/** Marks, in every thread: one line on stderr each, behind a prefix the runner looks for. */
const BANNER = `#!/usr/bin/env node
import { readFileSync as __npReadFileSync } from 'node:fs';
const __np = (() => {
  const origin = performance.timeOrigin;
  const thread = () => {
    try {
      const s = __npReadFileSync('/proc/thread-self/stat', 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return { tid: Number(s.slice(0, s.indexOf(' '))), ticks: Number(f[11]) + Number(f[12]) };
    } catch {
      return { tid: 0, ticks: NaN };
    }
  };
  const mark = (kind, label) => {
    const u = process.cpuUsage();
    const t = thread();
    process.stderr.write('\\u0001np ' + JSON.stringify({ kind, label, at: origin + performance.now(),
      cpu: (u.user + u.system) / 1000, tid: t.tid, ticks: t.ticks, origin }) + '\\n');
  };
  const labelOf = (name, a) => {
    // A file's name: the first short string argument, or the first argument's name.
    const short = (v) => typeof v === 'string' && v.length < 256 && !v.includes('{');
    const file = short(a[0]) ? a[0] : short(a[1]) ? a[1] : short(a[0]?.name) ? a[0].name : '';
    const base = file.slice(file.lastIndexOf('/') + 1);
    return base && name !== 'main' ? name + ' ' + base : name;
  };
  return { mark, labelOf };
})();
`;

/** Wraps `name`'s declaration: the original renamed, a marking function under its name. */
function wrap(src, name) {
  const re = new RegExp(`^(async )?function ${name}\\(`, 'gm');
  const found = [...src.matchAll(re)];
  if (found.length !== 1)
    throw new Error(`cli-timeline: ${found.length} declarations of ${name} in the bundle`);
  const isAsync = Boolean(found[0][1]);
  const inner = `${name}__timed`;
  const wrapper = isAsync
    ? `async function ${name}(...a) { const l = __np.labelOf('${name}', a); __np.mark('begin', l); try { return await ${inner}.apply(this, a); } finally { __np.mark('end', l); } }\n`
    : `function ${name}(...a) { const l = __np.labelOf('${name}', a); __np.mark('begin', l); try { return ${inner}.apply(this, a); } finally { __np.mark('end', l); } }\n`;
  return src.replace(re, `${wrapper}${isAsync ? 'async ' : ''}function ${inner}(`);
}

async function bundle() {
  const { build } = await import('esbuild');
  const { buildKernel } = await import(pathToFileURL(join(ROOT, 'scripts/build-kernel.mjs')).href);
  await buildKernel();
  const dir = mkdtempSync(join(tmpdir(), 'netpolish-timeline-'));
  const out = join(dir, 'netpolish.js');
  await build({
    entryPoints: [join(ROOT, 'src/cli/run.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    logLevel: 'warning',
  });
  let src = readFileSync(out, 'utf8');
  for (const name of PHASES) src = wrap(src, name);
  // Every record counted by a read's context (read-input.ts recordContext): on each thread,
  // the reader's (byte ranges, one thread) or the aggregating stage's (by stage).
  const records = 'counted.records++;';
  if (src.split(records).length !== 2)
    throw new Error(`cli-timeline: "${records}" is not once in the bundle`);
  src = src.replace(
    records,
    `${records} if (counted.records % ${every} === 0) __np.mark('at', 'records ' + counted.records);`,
  );
  writeFileSync(out, BANNER + src);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  return out;
}

function runOnce(cli) {
  const r = spawnSync(process.execPath, [cli, ...command], {
    cwd: process.cwd(),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`netpolish exited ${r.status}:\n${r.stderr}`);
  const marks = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('\u0001np '))
    .map((l) => JSON.parse(l.slice(4)));
  const origin = Math.min(...marks.map((m) => m.origin));
  const main = marks.find((m) => m.tid > 0)?.tid;
  const open = new Map();
  const rows = [];
  for (const m of marks) {
    const at = m.at - origin;
    const who = m.tid === main ? 'main' : `thread ${m.tid}`;
    if (m.kind === 'begin') {
      const key = `${who}\u0000${m.label}`;
      open.set(key, [...(open.get(key) ?? []), { at, cpu: m.cpu, ticks: m.ticks }]);
    } else if (m.kind === 'end') {
      const key = `${who}\u0000${m.label}`;
      const b = open.get(key)?.pop();
      if (!b) continue;
      rows.push({
        who,
        label: m.label,
        start: b.at,
        end: at,
        cpu: m.cpu - b.cpu,
        own: (m.ticks - b.ticks) * 10,
      });
    } else rows.push({ who, label: m.label, start: at, end: at, cpu: m.cpu, own: NaN, at: true });
  }
  return rows.sort((a, b) => a.start - b.start || b.end - a.end);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const ms = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '-');

const cli = await bundle();
const all = [];
for (let i = 0; i < runs; i++) all.push(runOnce(cli));
// Phases matched run to run by thread, label and how many times the label came before.
const keyed = all.map((rows) => {
  const seen = new Map();
  return rows.map((r) => {
    const k = `${r.who === 'main' ? 'main' : 'worker'}|${r.label}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return { ...r, key: `${k}|${n}` };
  });
});
const first = keyed[0];
const pad = (s, n) => String(s).padStart(n);
console.log(
  `${runs} run(s), medians; ms since the process started; cpu: the process (all threads), own: the phase's thread (10 ms ticks)`,
);
console.log(
  `${'thread'.padEnd(14)}${'phase'.padEnd(44)}${pad('start', 8)}${pad('end', 8)}${pad('wall', 8)}${pad('cpu', 8)}${pad('own', 7)}`,
);
for (const r of first) {
  const same = keyed.map((rows) => rows.find((x) => x.key === r.key)).filter(Boolean);
  const m = (f) => median(same.map(f));
  const who = r.who === 'main' ? 'main' : 'worker';
  if (r.at) {
    console.log(
      `${who.padEnd(14)}${('  ' + r.label).padEnd(44)}${pad(ms(m((x) => x.start)), 8)}${pad('', 16)}${pad(ms(m((x) => x.cpu)), 8)}`,
    );
    continue;
  }
  console.log(
    `${who.padEnd(14)}${r.label.slice(0, 43).padEnd(44)}${pad(ms(m((x) => x.start)), 8)}${pad(ms(m((x) => x.end)), 8)}${pad(ms(m((x) => x.end - x.start)), 8)}${pad(ms(m((x) => x.cpu)), 8)}${pad(ms(m((x) => x.own)), 7)}`,
  );
}
