/**
 * V8 flags the CLI sets for its process when it reads flows with several threads, once the worker
 * threads it started have loaded their code (threads.ts): the flags are process-wide, so the
 * workers and the main thread's own parts compile with them. Not before: V8 takes a code cache
 * only under the flags it was made under, and a worker started under other flags compiled Node's
 * own modules and the CLI's bundle from their sources (≈ 360 M instructions a worker).
 *
 * A smaller cumulative inlining budget for the optimizing compiler (V8's default is 920 bytes of
 * bytecode inlined into one function): every thread compiles the per-line path for itself, and
 * those compiles compete with the reading threads for the cores. With the smaller budget the
 * compiles cost a third less and the compiled code runs a little slower — a gain when several
 * threads compile, none on one thread, where the compiles run beside the reading thread on
 * another core (docs/SCALE.md, the optimizing compiler's round). The app (a browser) cannot set
 * V8 flags; only the code's own shape helps it.
 *
 * A flag the user gave Node on its command line is left as given (Node refuses these in
 * NODE_OPTIONS).
 */
import { nodeV8 } from './builtins';

export const CLI_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=200'];

/**
 * The V8 flags for the flow lines, at any number of threads: allocation-site pretenuring off.
 * With it on, once the objects of a literal survive the young generation (the aggregates'
 * buckets and communications, the readers' arrays), V8 allocates them in the old generation and
 * drops the code that allocates them (`commOf`, `count`/`addFlow`, `readArray`), which is
 * compiled again: those compiles cost more than the scavenger's copies they save. Set when no
 * isolate's code cache can be refused by it: with worker threads, with CLI_V8_FLAGS once the
 * workers have loaded their code; on one thread (`applyLinesV8Flags`), before the inputs are
 * read — the bundle was compiled from its cache at start, and V8 checks an isolate's flags
 * against a cache only when it takes it (a worker's isolate does, the main thread's does not
 * again). Measured on the bench's 200k capture (docs/SCALE.md, the pretenuring round).
 */
export const LINES_V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

/**
 * The V8 flag `analyze` sets once every flow line is read (the pipeline's `onFlowsRead`): the
 * optimizing compiler off. What runs after the lines — finishing and merging the aggregates,
 * the query, the JSON — runs once; TurboFan compiled its hottest functions (the aggregates'
 * conversion, the explainer's tables, the rows' comparison…) on V8's background threads while
 * the main thread went on without them, and the process exited soon after. Measured on the
 * bench's 200k capture (the CPU of every thread from the last line to the exit): at one thread
 * the main thread's part unchanged and the other threads' ≈ 100 → 30 ms; at two threads ≈ 140
 * → 40 ms (docs/SCALE.md, the round of what runs after the lines). Code already optimized keeps
 * running optimized.
 */
export const AFTER_FLOWS_V8_FLAGS: readonly string[] = ['--no-turbofan'];

/** The flag's name: `--name` of `--name=value`, `--no-name` and V8's alias read as `--name`. */
const nameOf = (flag: string): string => {
  const name = (flag.split('=')[0] as string).replace(/_/g, '-').replace(/^--no-/, '--');
  return name === '--opt' ? '--turbofan' : name;
};

/** Whether the user set `flag` (by name, either spelling of its dashes) for this Node. */
function givenByUser(flag: string, given: readonly string[]): boolean {
  const name = nameOf(flag);
  return given.some((g) => nameOf(g) === name);
}

const done = new Set<readonly string[]>();

/** Sets `flags` but those the user gave Node, each list once per process. */
function setOnce(flags: readonly string[], given: readonly string[]): void {
  if (done.has(flags)) return;
  done.add(flags);
  const mine = flags.filter((f) => !givenByUser(f, given));
  if (mine.length > 0) nodeV8().setFlagsFromString(mine.join(' '));
}

/**
 * Sets CLI_V8_FLAGS and LINES_V8_FLAGS but those the user gave Node, each once per process —
 * unless this is a build's run that writes a code cache: a worker of the run that writes the
 * parse workers' cache writes it after its read, and V8 keeps a cache for the flags it was made
 * under, V8's defaults for a worker that starts.
 */
export function applyV8Flags(
  given: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (writesCodeCache(env)) return;
  setOnce(CLI_V8_FLAGS, given);
  setOnce(LINES_V8_FLAGS, given);
}

/**
 * Sets LINES_V8_FLAGS but those the user gave Node, once per process, when the flows are read on
 * one thread (no worker thread will start) — unless this is the build's run that writes the code
 * cache (see withoutOptimizing).
 */
export function applyLinesV8Flags(
  given: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (!writesCodeCache(env)) setOnce(LINES_V8_FLAGS, given);
}

/**
 * Sets AFTER_FLOWS_V8_FLAGS but those the user gave Node, once per process — except in the
 * build's run that writes the code cache: the entry writes the cache when the CLI first sets a
 * flag (V8 keeps a cache for the flags it was made under), and with none set it writes it at the
 * exit, so the cache holds what runs after the flows too (the aggregates' conversion, the query,
 * the JSON), which every run compiled again: `analyze` of the bench's capture's first 40,000
 * lines with its dump, after the flows, 15 M instructions of lazy compiles (docs/SCALE.md).
 */
export function stopOptimizing(
  given: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (writesCodeCache(env)) return;
  setOnce(AFTER_FLOWS_V8_FLAGS, given);
}

/**
 * The optimizing compiler's flag while `analyze` or `generate` parses the dumps and builds the
 * inventory (the pipeline's `aroundInventory`): off, then on again. That code runs once, before
 * the first flow line, over every object of a dump; TurboFan compiled ≈ 30 of its functions (the
 * pods' and owners' readers, the parse's collector…) on V8's background threads, and the
 * optimized code came in when the build was nearly done. Measured on the bench's dump (1.86 MB,
 * 2,772 objects): `analyze` with a 2-line capture 1,494–1,522 → 1,288–1,290 M instructions, the
 * 200k capture at one thread ≈ 50 ms of CPU less (docs/SCALE.md). The scans the sniffs made hot
 * before it (the JSON value's extent) keep their optimized code. With parse workers started
 * before the dumps are read, around the build alone and only once they have loaded their code
 * (options.ts `loadedFirst`): a flag changed while a worker loads makes V8 refuse its code caches.
 */
export const INVENTORY_V8_FLAGS = { during: '--no-turbofan', after: '--turbofan' } as const;

/**
 * Set by the build's runs that write the bundles' code caches (scripts/cli-entry.mjs): the CLI's
 * bundle's, by the main thread, and the parse workers' bundle's, by a worker.
 */
const CODE_CACHE_OUT = ['NETPOLISH_CODE_CACHE_OUT', 'NETPOLISH_PARSE_CACHE_OUT'];
const writesCodeCache = (env: NodeJS.ProcessEnv): boolean =>
  CODE_CACHE_OUT.some((v) => env[v] !== undefined);

/**
 * `build()` with V8's optimizing compiler off, on again after it (also when it throws) — unless
 * the user gave Node a flag about the compiler (`--turbofan`, `--jitless`, on the command line or
 * in NODE_OPTIONS), or the compiler is already stopped for good (stopOptimizing), or this is the
 * build's run that writes the code cache: the entry writes the cache when the CLI first sets a
 * flag, and V8 keeps a cache for the flags it was made under — written here, it would hold only
 * what was compiled before the dumps.
 */
export function withoutOptimizing<T>(
  build: () => T,
  given: readonly string[] = [...process.execArgv, ...nodeOptions()],
  env: NodeJS.ProcessEnv = process.env,
): T {
  const left =
    done.has(AFTER_FLOWS_V8_FLAGS) ||
    writesCodeCache(env) ||
    ['--turbofan', '--jitless'].some((f) => givenByUser(f, given));
  if (left) return build();
  const v8 = nodeV8();
  v8.setFlagsFromString(INVENTORY_V8_FLAGS.during);
  try {
    return build();
  } finally {
    v8.setFlagsFromString(INVENTORY_V8_FLAGS.after);
  }
}

/** The flags in NODE_OPTIONS (where Node allows `--jitless`, not `--turbofan`). */
function nodeOptions(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.NODE_OPTIONS ?? '').split(/\s+/).filter((f) => f.startsWith('--'));
}
