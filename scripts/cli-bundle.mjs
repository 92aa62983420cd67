/**
 * How the CLI is bundled (build-cli.mjs writes dist/netpolish.js with it; a unit test bundles
 * the same way into a scratch folder to check what a run of the bundle loads).
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles src/cli/run.ts into `outfile`: one plain-JS ES module, its own worker entry.
 * @param {string} outfile
 */
export async function bundleCli(outfile) {
  await build({
    entryPoints: [join(ROOT, 'src/cli/run.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  });
}
