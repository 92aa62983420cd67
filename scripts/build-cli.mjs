#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli + the engine + its runtime libraries) into plain JS: dist/netpolish.js,
 * which `bin` points to, runs dist/netpolish-cli.cjs with its V8 code cache (cli-bundle.mjs): the
 * installed CLI needs no TypeScript loader and no dev dependency. Run by `npm run build`, and by
 * `prepare` so a fresh `npm ci` has it too.
 */
import { chmod, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernel } from './build-kernel.mjs';
import { bundleCli, CLI_CACHE, CLI_CODE, PARSE_CACHE, PARSE_CODE } from './cli-bundle.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'netpolish.js');

// The Hubble line kernel first: the engine bundles its WebAssembly inline.
await buildKernel();
await bundleCli(OUT);
await chmod(OUT, 0o755);
const sizes = await Promise.all(
  [OUT, ...[CLI_CODE, CLI_CACHE, PARSE_CODE, PARSE_CACHE].map((f) => join(ROOT, 'dist', f))].map(
    async (f) => {
      const { size } = await stat(f);
      return `${f.slice(ROOT.length + 1)} ${(size / 1024).toFixed(0)} KiB`;
    },
  ),
);
console.error(`cli: ${sizes.join(', ')}`);
