/**
 * How the CLI is bundled (build-cli.mjs writes dist/ with it; a unit test bundles the same way
 * into a scratch folder to check what a run of the bundle loads). Five files:
 * - `netpolish.js`, the entry (scripts/cli-entry.mjs), which compiles and runs
 * - `netpolish-cli.cjs`, the CLI and engine in one CommonJS file (V8 takes a code cache for a
 *   script, not for an ES module), its last line naming its build (a digest of its text), with
 * - `netpolish-cli.cjs.cache`, V8's code cache of it, written by one run of the CLI at the end
 *   of the build (`analyze` of a bundled sample with its dump): the functions that run compiled;
 * - `netpolish-parse.cjs`, the parse workers' bundle (src/cli/parse-run.ts), which the entry
 *   runs instead in a worker thread of `--threads`, with
 * - `netpolish-parse.cjs.cache`, written by the worker of a second run (`analyze --threads 2` of
 *   the same sample cut in parts: the worker reads it by stage).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle beside the entry, and its code cache (scripts/cli-entry.mjs reads them). */
export const CLI_CODE = 'netpolish-cli.cjs';
export const CLI_CACHE = `${CLI_CODE}.cache`;
/** The parse workers' bundle beside the entry, and its code cache. */
export const PARSE_CODE = 'netpolish-parse.cjs';
export const PARSE_CACHE = `${PARSE_CODE}.cache`;

/** `analyze` of a bundled Hubble sample with its dump (the bench's kind of input, small). */
const SAMPLES = join(ROOT, 'static/samples');
export const SAMPLE_ANALYZE = [
  'analyze',
  '--metadata',
  join(SAMPLES, 'bookinfo-kind_cluster-dump.json'),
  '--flows',
  join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json'),
];

/** The run whose compiled functions the cache keeps. */
const WARM_RUN = [...SAMPLE_ANALYZE, '--json', '--threads', '1'];
/** The run whose worker's compiled functions the parse bundle's cache keeps (read by stage). */
const PARSE_WARM_RUN = [...SAMPLE_ANALYZE, '--json', '--threads', '2'];
/** The sample's smallest part, so that it is read by a worker (threads.ts `partBytes`). */
const PARSE_WARM_PART_BYTES = '20000';

/**
 * The engine's modules as free of side effects for the parse bundle: it imports the engine's
 * public entry (src/lib/engine/index.ts) as the CLI does, and a module of the engine that a
 * worker does not use (the policies' schema validators, the query…) is left out only if the
 * bundler may assume that loading it does nothing else. They are so written: no module of the
 * engine or the CLI changes another's state as it loads.
 * @type {import('esbuild').Plugin}
 */
const sourcesWithoutSideEffects = {
  name: 'sources-without-side-effects',
  setup(b) {
    const src = join(ROOT, 'src') + '/';
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === 'resolved' || !args.importer.startsWith(src)) return undefined;
      const r = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: 'resolved',
      });
      return r.errors.length === 0 && r.path.startsWith(src) ? { ...r, sideEffects: false } : r;
    });
  },
};

/**
 * esbuild's options for a bundle of the CLI: strict code as the ES modules it comes from.
 * @param {string} entry
 * @param {string} outfile
 * @param {import('esbuild').Plugin[]} plugins
 * @returns {import('esbuild').BuildOptions}
 */
const bundleOptions = (entry, outfile, plugins) => ({
  entryPoints: [join(ROOT, entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'import.meta.url': '__netpolishEntry' },
  plugins,
});

/**
 * Bundles `entry` into `code`, its last line naming its build.
 * @param {string} entry
 * @param {string} code
 * @param {import('esbuild').Plugin[]} [plugins]
 */
async function bundle(entry, code, plugins = []) {
  await build(bundleOptions(entry, code, plugins));
  const text = readFileSync(code, 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  writeFileSync(code, `${text}//# netpolish-build ${digest}\n`);
}

/**
 * Runs the built CLI for a code cache (`env` names where its thread writes it, `cache`).
 * @param {string} outfile
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {string} cache
 */
function warm(outfile, args, env, cache) {
  const run = spawnSync(process.execPath, [outfile, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`the CLI's warm-up run failed:\n${run.stderr}`);
  if (!existsSync(cache)) throw new Error(`the CLI's warm-up run wrote no ${basename(cache)}`);
}

/**
 * Bundles src/cli/run.ts: `outfile` is the entry, the bundle and its cache are written beside
 * it. The bundle is strict code as the ES modules it comes from, and reads the entry's URL as
 * its `import.meta.url`.
 * @param {string} outfile
 */
export async function bundleCli(outfile) {
  const dir = dirname(outfile);
  const cache = join(dir, CLI_CACHE);
  const parseCache = join(dir, PARSE_CACHE);
  rmSync(cache, { force: true });
  rmSync(parseCache, { force: true });
  await bundle('src/cli/run.ts', join(dir, CLI_CODE));
  await bundle('src/cli/parse-run.ts', join(dir, PARSE_CODE), [sourcesWithoutSideEffects]);
  copyFileSync(join(ROOT, 'scripts/cli-entry.mjs'), outfile);
  warm(outfile, WARM_RUN, { NETPOLISH_CODE_CACHE_OUT: cache }, cache);
  warm(
    outfile,
    PARSE_WARM_RUN,
    { NETPOLISH_PARSE_CACHE_OUT: parseCache, NETPOLISH_PART_BYTES: PARSE_WARM_PART_BYTES },
    parseCache,
  );
}
