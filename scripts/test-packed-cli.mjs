#!/usr/bin/env node
/**
 * The packed CLI, as a user installs it: `npm pack`, install the tarball into an empty folder
 * without dev dependencies, run `npx netpolish analyze` on a bundled sample and compare its
 * output with the CLI run from the sources, and with `--threads 2` (its worker runs the parse
 * workers' bundle, packed beside the CLI's). Also prints the bundle's size and the startup time
 * of `netpolish --help` (median of 5 runs). Run by CI (`npm run test:pack`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_ANALYZE } from './cli-bundle.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARGS = [...SAMPLE_ANALYZE, '--namespace', 'bookinfo', '--json'];

function fail(message) {
  console.error(`test:pack: FAILED: ${message}`);
  process.exit(1);
}

function run(command, args, cwd, env = process.env) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) fail(`${command} ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  return r.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'netpolish-pack-'));
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((f) => f.path).sort();
  console.log(`test:pack: ${packed[0].filename}, ${files.length} files: ${files.join(', ')}`);
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], app);

  const installed = JSON.parse(run('npx', ['--no-install', 'netpolish', ...ARGS], app));
  const fromSource = JSON.parse(
    run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), ...ARGS], ROOT),
  );
  if (installed.communications.length === 0) fail('the packed CLI found no communications');
  if (JSON.stringify(installed) !== JSON.stringify(fromSource)) {
    fail('the packed CLI and the sources give different output');
  }
  // Worker threads run the parse workers' bundle: the sample cut in two parts gives the same output.
  const small = { ...process.env, NETPOLISH_PART_BYTES: '100000' };
  const threaded = run('npx', ['--no-install', 'netpolish', ...ARGS, '--threads', '2'], app, small);
  if (threaded !== JSON.stringify(installed, null, 2) + '\n') {
    fail('the packed CLI gives different output with --threads 2');
  }

  const bin = join(app, 'node_modules/.bin/netpolish');
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(bin, ['--help'], { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const size = statSync(join(app, 'node_modules/netpolish/dist/netpolish-cli.cjs')).size;
  console.log(
    `test:pack: ok — ${installed.communications.length} communications, same as the sources; ` +
      `bundle ${(size / 1024).toFixed(0)} KiB; 'netpolish --help' median ${times[2].toFixed(0)} ms`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
