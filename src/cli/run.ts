/**
 * The process entry of the CLI (bundled into dist/netpolish-cli.cjs, which dist/netpolish.js,
 * the file `bin` points to, compiles and runs): runs `main` on the process arguments and sets
 * the exit code. Kept apart from main.ts, which tests import.
 * Started as a worker thread by `--threads` (threads.ts), the same file serves parts instead;
 * only then is `node:worker_threads` loaded here (builtins.ts). The installed CLI's entry runs
 * the parse workers' own bundle in a worker instead (parse-run.ts, scripts/cli-entry.mjs); a
 * bundle of this file alone (bench/cli-timeline.mjs) starts its workers from itself. No
 * top-level await: the bundle is a CommonJS script (scripts/cli-bundle.mjs), for V8's code cache.
 */
import { PART_WORKER_ENV, workerThreads } from './builtins';
import { main } from './main';
import { isPartWorker, serveParts } from './parse-worker';

const worker = process.env[PART_WORKER_ENV] === '1' ? workerThreads() : null;
if (worker && !worker.isMainThread && isPartWorker(worker.workerData)) serveParts();
else
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Once the output is written (stdout and stderr hold nothing back), exit now: the heap
    // (≈ 70 MB after a large analyze) is not torn down page by page first.
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0)
      process.exit(code);
  });
