/**
 * What a run of the bundled CLI loads (scripts/cli-bundle.mjs, as dist/ is built): the entry
 * compiles the bundle with the V8 code cache its build wrote, only that build's, and a parse
 * worker its own smaller bundle with its own cache (the run sets V8 flags of its own only once
 * its workers have loaded their code);
 * `analyze` on one thread loads neither `node:worker_threads` nor `node:crypto` (each is loaded
 * where it is used, src/cli/builtins.ts — at start they cost every run a few per cent of its
 * start-up), and with `--threads 2` the parse bundle, in a worker, serves parts. A run
 * that starts worker threads sets the CLI's V8 flags (src/cli/v8-flags.ts) once, with the flags
 * for the lines (set first on one thread), and `analyze` turns the optimizing compiler off while
 * it builds the inventory and stops it once its flows are read, each unless the user gave Node
 * the same flag.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleCli,
  CLI_CACHE,
  CLI_CODE,
  PARSE_CACHE,
  PARSE_CODE,
} from '../../../scripts/cli-bundle.mjs';
import {
  AFTER_FLOWS_V8_FLAGS,
  CLI_V8_FLAGS,
  INVENTORY_V8_FLAGS,
  LINES_V8_FLAGS,
} from '../../../src/cli/v8-flags';

const SAMPLES = join(__dirname, '../../../static/samples');
const DUMP = join(SAMPLES, 'bookinfo-kind_cluster-dump.json');
const FLOWS = join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json');
const ARGS = ['analyze', '--metadata', DUMP, '--flows', FLOWS, '--json'];

let dir = '';
let bundle = '';
let hook = '';
let slowOut = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netpolish-bundle-load-'));
  bundle = join(dir, 'netpolish.js');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  // Prints, at the process's exit, the Node built-ins it loaded and the V8 flags it set; and
  // in each thread, as a script is compiled, whether it was given a code cache and V8 took it.
  hook = join(dir, 'loaded.mjs');
  writeFileSync(
    hook,
    [
      "import { createRequire, syncBuiltinESMExports } from 'node:module';",
      "import { writeSync } from 'node:fs';",
      "const vm = createRequire(import.meta.url)('node:vm');",
      'const Script = vm.Script;',
      'vm.Script = class extends Script { constructor(s, o) { super(s, o);',
      "  writeSync(2, '\\nCACHE ' + JSON.stringify({ given: o?.cachedData !== undefined, rejected: this.cachedDataRejected === true }) + '\\n');",
      "  writeSync(2, '\\nCACHE_OF ' + JSON.stringify(o?.filename) + '\\n');",
      "  writeSync(2, '\\nCACHE_AT ' + (performance.timeOrigin + performance.now()) + '\\n'); } };",
      'syncBuiltinESMExports();',
      "const v8 = createRequire(import.meta.url)('node:v8');",
      'const set = v8.setFlagsFromString.bind(v8);',
      'const flags = [];',
      "v8.setFlagsFromString = (f) => { flags.push(f); writeSync(2, '\\nFLAG_AT ' + JSON.stringify([f, performance.timeOrigin + performance.now()]) + '\\n'); set(f); };",
      "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(process.moduleLoadList) + '\\nFLAGS ' + JSON.stringify(flags) + '\\n'));",
      // Only a process that waits for its event loop to drain emits beforeExit.
      "process.on('beforeExit', () => process.stderr.write('\\nBEFORE_EXIT\\n'));",
    ].join('\n') + '\n',
  );
  // Holds stdout's writes back for 200 ms, as a slow pipe does where Node writes pipes
  // asynchronously (macOS): stdout then reports what it has not written yet.
  slowOut = join(dir, 'slow-out.mjs');
  writeFileSync(
    slowOut,
    [
      'let held = 0;',
      'const write = process.stdout.write.bind(process.stdout);',
      "Object.defineProperty(process.stdout, 'writableLength', { get: () => held });",
      'process.stdout.write = (chunk) => { held += chunk.length;',
      '  setTimeout(() => { held -= chunk.length; write(chunk); }, 200); return false; };',
    ].join('\n') + '\n',
  );
  await bundleCli(bundle);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBundle(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  node: string[] = [],
  entry = bundle,
) {
  const r = spawnSync(process.execPath, [...node, '--import', hook, entry, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 26,
  });
  const m = /\nLOADED (.*)\n/.exec(r.stderr);
  const loaded: string[] = m ? (JSON.parse(m[1]!) as string[]) : [];
  // Every thread's exit prints its own list: the main thread's holds what the entry set.
  const flags = [...r.stderr.matchAll(/\nFLAGS (.*)\n/g)].flatMap(
    (f) => JSON.parse(f[1]!) as string[],
  );
  const caches = [...r.stderr.matchAll(/\nCACHE (.*)\n/g)].map(
    (c) => JSON.parse(c[1]!) as { given: boolean; rejected: boolean },
  );
  // Which bundle each thread compiled (its file's name).
  const bundles = [...r.stderr.matchAll(/\nCACHE_OF (.*)\n/g)].map((c) =>
    basename(JSON.parse(c[1]!) as string),
  );
  // When each thread compiled the bundle, and each flag was set (ms since the epoch).
  const cachedAt = [...r.stderr.matchAll(/\nCACHE_AT (.*)\n/g)].map((c) => Number(c[1]));
  const flagsAt = [...r.stderr.matchAll(/\nFLAG_AT (.*)\n/g)].map(
    (f) => JSON.parse(f[1]!) as [string, number],
  );
  return {
    status: r.status,
    out: r.stdout,
    err: r.stderr,
    loaded,
    flags,
    caches,
    bundles,
    cachedAt,
    flagsAt,
  };
}

/** A copy of the built CLI whose code caches' headers have been changed by `edit`. */
function copyWithCache(edit: (header: string) => string): string {
  const copy = mkdtempSync(join(dir, 'copy-'));
  for (const f of ['package.json', 'netpolish.js', CLI_CODE, CLI_CACHE, PARSE_CODE, PARSE_CACHE])
    copyFileSync(join(dir, f), join(copy, f));
  for (const f of [CLI_CACHE, PARSE_CACHE]) {
    const cache = readFileSync(join(copy, f));
    const nl = cache.indexOf(10);
    const header = edit(cache.subarray(0, nl).toString('latin1'));
    writeFileSync(
      join(copy, f),
      Buffer.concat([Buffer.from(header, 'latin1'), cache.subarray(nl)]),
    );
  }
  return join(copy, 'netpolish.js');
}

describe('the bundled CLI', () => {
  it('compiles the bundle with the code cache its build wrote', () => {
    const r = runBundle([...ARGS, '--threads', '1']);
    expect(r.status, r.err).toBe(0);
    expect(r.caches).toEqual([{ given: true, rejected: false }]);
    expect(runBundle(['--help']).caches).toEqual([{ given: true, rejected: false }]);
  });

  it('gives V8 no cache of another build of the bundle, and runs as with it', () => {
    const other = copyWithCache((h) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0'));
    const r = runBundle([...ARGS, '--threads', '1'], process.env, [], other);
    expect(r.status, r.err).toBe(0);
    expect(r.caches).toEqual([{ given: false, rejected: false }]);
    expect(r.out).toBe(runBundle([...ARGS, '--threads', '1']).out);
    const same = copyWithCache((h) => h);
    expect(runBundle(['--help'], process.env, [], same).caches).toEqual([
      { given: true, rejected: false },
    ]);
  });

  it('a parse worker compiles its own bundle with its cache (no V8 flag is set before)', () => {
    const small = { ...process.env, NETPOLISH_PART_BYTES: '20000' };
    const r = runBundle([...ARGS, '--threads', '2'], small);
    expect(r.status, r.err).toBe(0);
    expect(r.bundles).toEqual([CLI_CODE, PARSE_CODE]);
    expect(r.caches).toEqual([
      { given: true, rejected: false },
      { given: true, rejected: false },
    ]);
    // By byte range too (three threads), and of another build's cache neither is given.
    const three = runBundle([...ARGS, '--threads', '3'], small);
    expect(three.status, three.err).toBe(0);
    expect(three.bundles).toEqual([CLI_CODE, PARSE_CODE, PARSE_CODE]);
    expect(three.caches.every((c) => c.given && !c.rejected)).toBe(true);
    const other = copyWithCache((h) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0'));
    const r2 = runBundle([...ARGS, '--threads', '2'], small, [], other);
    expect(r2.status, r2.err).toBe(0);
    expect(r2.caches).toEqual([
      { given: false, rejected: false },
      { given: false, rejected: false },
    ]);
    expect(r2.out).toBe(r.out);
  });

  it('the parse bundle holds the reading alone: no command, no policy schema', () => {
    const parse = readFileSync(join(dir, PARSE_CODE), 'utf8');
    const cli = readFileSync(join(dir, CLI_CODE), 'utf8');
    expect(parse.length).toBeLessThan(cli.length / 2);
    // Words of the CLI's usage and of the policies' schema validators, in the CLI's bundle only.
    for (const word of ['aggregate captured flows into communications', 'CiliumNetworkPolicy']) {
      expect(cli).toContain(word);
      expect(parse).not.toContain(word);
    }
  });

  it('analyze on one thread loads neither worker_threads nor crypto', () => {
    const r = runBundle([...ARGS, '--threads', '1']);
    expect(r.status, r.err).toBe(0);
    expect(JSON.parse(r.out).communications.length).toBeGreaterThan(0);
    expect(r.loaded).toContain('NativeModule fs/promises');
    expect(r.loaded).not.toContain('NativeModule worker_threads');
    expect(r.loaded).not.toContain('NativeModule crypto');
  });

  it('--help loads neither', () => {
    const r = runBundle(['--help']);
    expect(r.status).toBe(0);
    expect(r.loaded.length).toBeGreaterThan(0);
    expect(r.loaded).not.toContain('NativeModule worker_threads');
    expect(r.loaded).not.toContain('NativeModule crypto');
  });

  it('in a worker, the parse bundle serves parts: --threads 2 prints what 1 thread does', () => {
    const one = runBundle([...ARGS, '--threads', '1']);
    const small = { ...process.env, NETPOLISH_PART_BYTES: '20000' };
    const two = runBundle([...ARGS, '--threads', '2'], small);
    expect(two.status, two.err).toBe(0);
    expect(two.loaded).toContain('NativeModule worker_threads');
    expect(two.out).toBe(one.out);
  });

  it('two inputs of one size are hashed (crypto loaded then) and the copy is counted once', () => {
    const copy = join(dir, 'copy.json');
    copyFileSync(FLOWS, copy);
    const r = runBundle(['analyze', '--metadata', DUMP, '--flows', FLOWS, copy, '--json']);
    expect(r.status, r.err).toBe(0);
    expect(r.loaded).toContain('NativeModule crypto');
    const once = JSON.parse(runBundle([...ARGS, '--threads', '1']).out);
    const twice = JSON.parse(r.out);
    expect(twice.communications).toEqual(once.communications);
    expect(twice.diagnostics.length).toBe(once.diagnostics.length + 1);
  });

  it('sets its V8 flags once its worker threads have loaded, and stops the compiler after the flows', () => {
    const small = { ...process.env, NETPOLISH_PART_BYTES: '20000' };
    const r = runBundle([...ARGS, '--threads', '2'], small);
    expect(r.status, r.err).toBe(0);
    expect(CLI_V8_FLAGS.length).toBeGreaterThan(0);
    const inventory = [INVENTORY_V8_FLAGS.during, INVENTORY_V8_FLAGS.after];
    const after = AFTER_FLOWS_V8_FLAGS.join(' ');
    const lines = LINES_V8_FLAGS.join(' ');
    // With worker threads the compiler is off around the inventory's build only once they have
    // loaded their code (a flag changed while one loads makes V8 refuse its caches): before or
    // after the threads' flags (which come with the flags for the lines), or not at all when the
    // worker took longer than the build waits. Every thread takes its code cache.
    const threads = [CLI_V8_FLAGS.join(' '), lines];
    expect([
      [...threads, after],
      [...inventory, ...threads, after],
      [...threads, ...inventory, after],
    ]).toContainEqual(r.flags);
    expect(r.caches).toEqual([
      { given: true, rejected: false },
      { given: true, rejected: false },
    ]);
    const off = r.flagsAt.find(([f]) => f === INVENTORY_V8_FLAGS.during);
    if (off) expect(off[1]).toBeGreaterThan(Math.max(...r.cachedAt));
    // On one thread the flags for the lines come first.
    expect(runBundle([...ARGS, '--threads', '1']).flags).toEqual([lines, ...inventory, after]);
    // Two threads asked for, the inputs too small to be cut: no worker, and none of the flags
    // for threads or lines (a worker started after them would refuse its code cache).
    expect(runBundle([...ARGS, '--threads', '2']).flags).toEqual([...inventory, after]);
    expect(runBundle(['--help']).flags).toEqual([]);
    // The build's run that writes the code cache sets no flag, around the inventory or after
    // the flows: the entry writes the cache when the CLI first sets a flag, else at the exit,
    // so the cache holds what runs after the flows too.
    const cacheRun = { ...process.env, NETPOLISH_CODE_CACHE_OUT: join(dir, 'cache-run.cache') };
    expect(runBundle([...ARGS, '--threads', '1'], cacheRun).flags).toEqual([]);
    // Nor the run whose worker writes the parse bundle's cache (after its read, so under V8's
    // defaults): a cache it writes is taken by the next run's worker.
    const parseCache = join(dir, 'parse-run.cache');
    const parseRun = { ...small, NETPOLISH_PARSE_CACHE_OUT: parseCache };
    expect(runBundle([...ARGS, '--threads', '2'], parseRun).flags).toEqual([]);
    const copy = copyWithCache((h) => h);
    copyFileSync(parseCache, join(copy, '..', PARSE_CACHE));
    const again = runBundle([...ARGS, '--threads', '2'], small, [], copy);
    expect(again.caches).toEqual([
      { given: true, rejected: false },
      { given: true, rejected: false },
    ]);
  });

  it('exits once its output is written, without waiting for the event loop to drain', () => {
    const r = runBundle([...ARGS, '--threads', '1']);
    expect(r.status, r.err).toBe(0);
    expect(r.out.length).toBeGreaterThan(1000);
    expect(r.err).not.toContain('BEFORE_EXIT');
    // The exit code is the command's: a usage error exits 1.
    expect(runBundle(['analyze', '--nope']).status).toBe(1);
  });

  it('waits for output still held back, then exits with its code', () => {
    const whole = runBundle([...ARGS, '--threads', '1']);
    const r = runBundle([...ARGS, '--threads', '1'], process.env, ['--import', slowOut]);
    expect(r.status, r.err).toBe(0);
    expect(r.out).toBe(whole.out);
  });

  it('leaves a V8 flag the user gave Node as given', () => {
    const mine = [
      ...CLI_V8_FLAGS.map((f) => `${f.split('=')[0]}=500`),
      ...LINES_V8_FLAGS.map((f) => f.replace(/^--no-/, '--')),
    ];
    const small = { ...process.env, NETPOLISH_PART_BYTES: '20000' };
    const r = runBundle([...ARGS, '--threads', '2'], small, [...mine, '--turbofan']);
    expect(r.status, r.err).toBe(0);
    expect(r.flags).toEqual([]);
    // Under flags other than the build's, V8 takes the cache in no thread, and the run is the same.
    expect(r.caches).toEqual([
      { given: true, rejected: true },
      { given: true, rejected: true },
    ]);
    expect(r.out).toBe(runBundle([...ARGS, '--threads', '1']).out);
    // Either spelling, either sense, and V8's alias of the optimizing compiler's flag.
    for (const given of ['--no-turbofan', '--no_turbofan', '--opt'])
      expect(runBundle([...ARGS, '--threads', '1'], process.env, [given]).flags).toEqual([
        LINES_V8_FLAGS.join(' '),
      ]);
  });
});
