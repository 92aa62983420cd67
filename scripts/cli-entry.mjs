#!/usr/bin/env node
/**
 * The installed CLI's entry, dist/netpolish.js (scripts/cli-bundle.mjs copies this file there):
 * compiles the CLI's bundle beside it, netpolish-cli.cjs, with the V8 code cache its build wrote,
 * netpolish-cli.cjs.cache, and runs it. With the cache V8 neither parses the 0.8 MB bundle nor
 * compiles again the functions the build's run compiled: ≈ 300 M fewer instructions for a run of
 * `analyze` with a dump (docs/SCALE.md). Parse workers (`--threads`) start from this file too
 * (threads.ts sets NETPOLISH_PART_WORKER in their environment): a worker thread so started
 * compiles and runs the parse workers' bundle instead, netpolish-parse.cjs (src/cli/parse-run.ts:
 * the engine's reading alone, a third of the CLI's), with its own cache; a run sets V8 flags of
 * its own only once its workers have loaded their code (src/cli/threads.ts).
 *
 * A cache is compiled code, so it is used only as the build wrote it for its bundle: its header
 * names the build of the bundle (a digest of the bundle's text, written at its end by the
 * build), and V8 itself refuses a cache of another V8 version, other V8 flags or a source of
 * another length — then the bundle is compiled as without a cache. Nothing is ever written here
 * unless NETPOLISH_CODE_CACHE_OUT (the CLI's bundle, on the main thread) or
 * NETPOLISH_PARSE_CACHE_OUT (the parse workers' bundle, in a worker) names a file: that is how
 * the build makes the caches.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** A parse worker of `--threads`: the parent port it serves parts on; null on the main thread. */
const port =
  process.env.NETPOLISH_PART_WORKER === '1'
    ? createRequire(import.meta.url)('node:worker_threads').parentPort
    : null;
const file = fileURLToPath(
  new URL(port ? './netpolish-parse.cjs' : './netpolish-cli.cjs', import.meta.url),
);
const CACHE = `${file}.cache`;
/** The bundle's last line, written by the build: `//# netpolish-build <digest>`. */
const BUILD_MARK = '\n//# netpolish-build ';
const CACHE_HEADER = 'netpolish-code-cache ';

const source = readFileSync(file, 'utf8');
const at = source.lastIndexOf(BUILD_MARK);
const build = at < 0 ? '' : source.slice(at + BUILD_MARK.length).trim();
const header = `${CACHE_HEADER}${build}\n`;

/** The cache's V8 data when its header names this bundle's build; undefined otherwise. */
function cachedData() {
  if (build === '') return undefined;
  let bytes;
  try {
    bytes = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  return bytes.subarray(0, header.length).toString('latin1') === header
    ? bytes.subarray(header.length)
    : undefined;
}

const data = cachedData();
// The bundle as a CommonJS module's function, as Node wraps one; the entry's URL is its
// `import.meta.url` (the bundle starts parse workers from this file).
const script = new Script(
  `(function (exports, require, module, __filename, __dirname, __netpolishEntry) {${source}\n})`,
  { filename: file, ...(data && { cachedData: data }) },
);
const out = port ? process.env.NETPOLISH_PARSE_CACHE_OUT : process.env.NETPOLISH_CODE_CACHE_OUT;
const writeCache = () =>
  writeFileSync(out, Buffer.concat([Buffer.from(header, 'latin1'), script.createCachedData()]));
if (out && build !== '' && port) {
  // A worker of the build's run writes its cache each time it is about to post a read's end (its
  // functions for reading are compiled then; before the post, for the main thread may end this
  // one once it has the end); that run sets no V8 flag (v8-flags.ts): V8 keeps a cache for the
  // flags it was made under, and a run starts with V8's defaults.
  const post = port.postMessage.bind(port);
  port.postMessage = (message, transfer) => {
    if (message !== null && typeof message === 'object' && ('end' in message || 'value' in message))
      writeCache();
    post(message, transfer);
  };
} else if (out && build !== '') {
  // The build's run writes the cache at its exit, or before the CLI first sets V8 flags of its
  // own (src/cli/v8-flags.ts) if it does: V8 keeps a cache for the flags it was made under, and
  // a run starts with V8's defaults.
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    writeCache();
  };
  const v8 = createRequire(file)('node:v8');
  const setFlags = v8.setFlagsFromString.bind(v8);
  v8.setFlagsFromString = (flags) => {
    write();
    setFlags(flags);
  };
  process.once('exit', write);
}
const cjs = { exports: {} };
script.runInThisContext()(
  cjs.exports,
  createRequire(file),
  cjs,
  file,
  dirname(file),
  import.meta.url,
);
