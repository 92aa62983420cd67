/**
 * How the CLI is bundled (build-cli.mjs writes dist/ with it; a unit test bundles the same way
 * into a scratch folder to check what a run of the bundle loads). Three files:
 * - `netpolish.js`, the entry (scripts/cli-entry.mjs), which compiles and runs
 * - `netpolish-cli.cjs`, the CLI and engine in one CommonJS file (V8 takes a code cache for a
 *   script, not for an ES module), its last line naming its build (a digest of its text), with
 * - `netpolish-cli.cjs.cache`, V8's code cache of it, written by one run of the CLI at the end
 *   of the build (`analyze` of a bundled sample with its dump): the functions that run compiled.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle beside the entry, and its code cache (scripts/cli-entry.mjs reads them). */
export const CLI_CODE = 'netpolish-cli.cjs';
export const CLI_CACHE = `${CLI_CODE}.cache`;

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

/**
 * Bundles src/cli/run.ts: `outfile` is the entry, the bundle and its cache are written beside
 * it. The bundle is strict code as the ES modules it comes from, and reads the entry's URL as
 * its `import.meta.url`.
 * @param {string} outfile
 */
export async function bundleCli(outfile) {
  const dir = dirname(outfile);
  const code = join(dir, CLI_CODE);
  const cache = join(dir, CLI_CACHE);
  rmSync(cache, { force: true });
  await build({
    entryPoints: [join(ROOT, 'src/cli/run.ts')],
    outfile: code,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'import.meta.url': '__netpolishEntry' },
  });
  const text = readFileSync(code, 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  writeFileSync(code, `${text}//# netpolish-build ${digest}\n`);
  copyFileSync(join(ROOT, 'scripts/cli-entry.mjs'), outfile);
  const run = spawnSync(process.execPath, [outfile, ...WARM_RUN], {
    env: { ...process.env, NETPOLISH_CODE_CACHE_OUT: cache },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`the CLI's warm-up run failed:\n${run.stderr}`);
}
