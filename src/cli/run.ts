/**
 * The process entry of the CLI (what `bin` runs, bundled into dist/netpolish.js): runs `main`
 * on the process arguments and sets the exit code. Kept apart from main.ts, which tests import.
 * Started as a worker thread by `--threads` (threads.ts), the same file serves parts instead;
 * only then is `node:worker_threads` loaded here (builtins.ts).
 */
import { PART_WORKER_ENV, workerThreads } from './builtins';
import { main } from './main';
import { isPartWorker, serveParts } from './parse-worker';

const worker = process.env[PART_WORKER_ENV] === '1' ? workerThreads() : null;
if (worker && !worker.isMainThread && isPartWorker(worker.workerData)) serveParts();
else process.exitCode = await main(process.argv.slice(2));
