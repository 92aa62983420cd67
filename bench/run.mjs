/**
 * `npm run bench`: generates the seeded data if missing, then runs every section in
 * bench/sections/ (sorted by file name) and writes all results to bench/results/ as JSON.
 *
 *   node bench/run.mjs [--sizes 200000,1000000] [--repeat 3] [--only node-ingest]
 *
 * Adding a benchmark (e.g. a browser/worker import through Playwright) = adding a module
 * `bench/sections/<nn>-<name>.mjs` that exports:
 *   name: string
 *   run(ctx): Promise<object>   // ctx: see `context` below (data files, sizes, spawnJson, …)
 *   print(result): string       // a short human summary
 * Its result lands under `sections[name]` in the results file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const DATA = join(BENCH, 'data');
const RESULTS = join(BENCH, 'results');
const SEED = 42;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** Runs a command that prints one JSON line; returns it parsed (throws with its stderr). */
function spawnJson(command, args, opts = {}) {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
  const last = r.stdout.trim().split('\n').at(-1);
  return JSON.parse(last);
}

/**
 * The engine's TypeScript imports `$lib/…`, which tsx resolves through SvelteKit's generated
 * tsconfig (.svelte-kit/tsconfig.json) — absent on a fresh clone until `svelte-kit sync` runs.
 */
function ensureSvelteKitSync() {
  if (existsSync(join(ROOT, '.svelte-kit', 'tsconfig.json'))) return;
  const r = spawnSync('npx', ['svelte-kit', 'sync'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`svelte-kit sync exited ${r.status}:\n${r.stderr}`);
}

/** Runs a TypeScript file with tsx's loader in a fresh Node process. */
function spawnTs(file, args, nodeFlags = []) {
  ensureSvelteKitSync();
  return spawnJson(process.execPath, [...nodeFlags, '--import', 'tsx', file, ...args]);
}

function dataFiles(size) {
  const flows = join(DATA, `hubble-${size}-s${SEED}.jsonl`);
  const dump = join(DATA, `cluster-s${SEED}.json`);
  if (!existsSync(flows) || !existsSync(dump)) {
    process.stdout.write(`generating ${size} flows (seed ${SEED}) into bench/data …\n`);
    spawnTs(join(BENCH, 'generate.ts'), [
      '--flows',
      String(size),
      '--seed',
      String(SEED),
      '--out',
      DATA,
    ]);
  }
  return { flows, dump };
}

async function loadSections(only) {
  const dir = join(BENCH, 'sections');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const sections = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    if (!only || mod.name === only) sections.push(mod);
  }
  return sections;
}

async function main() {
  const sizes = option('sizes', '200000,1000000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error('--sizes: positive integers');
  const repeat = Number(option('repeat', '3'));
  const context = {
    root: ROOT,
    sizes,
    repeat,
    seed: SEED,
    files: Object.fromEntries(sizes.map((n) => [n, dataFiles(n)])),
    spawnJson,
    spawnTs,
  };
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    sizes,
    repeat,
    sections: {},
  };
  for (const section of await loadSections(option('only', undefined))) {
    process.stdout.write(`\n== ${section.name}\n`);
    const result = await section.run(context);
    results.sections[section.name] = result;
    process.stdout.write(section.print(result) + '\n');
  }
  mkdirSync(RESULTS, { recursive: true });
  const stamp = results.date.replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS, `bench-${stamp}.json`), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nresults: bench/results/bench-${stamp}.json (and latest.json)\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exitCode = 1;
});
