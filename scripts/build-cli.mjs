#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli + the engine + its runtime libraries) into one plain-JS file,
 * dist/netpolish.js, which `bin` points to: the installed CLI needs no TypeScript loader and no
 * dev dependency. Run by `npm run build`, and by `prepare` so a fresh `npm ci` has it too.
 */
import { chmod, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernel } from './build-kernel.mjs';
import { bundleCli } from './cli-bundle.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'netpolish.js');

// The Hubble line kernel first: the engine bundles its WebAssembly inline.
await buildKernel();
await bundleCli(OUT);
await chmod(OUT, 0o755);
const { size } = await stat(OUT);
console.error(`cli: dist/netpolish.js ${(size / 1024).toFixed(0)} KiB`);
