/**
 * The process entry of the CLI (what `bin` runs, bundled into dist/netpolish.js): runs `main`
 * on the process arguments and sets the exit code. Kept apart from main.ts, which tests import.
 * Started as a worker thread by `--threads` (threads.ts), the same file serves parts instead.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './main';
import { isPartWorker, serveParts } from './parse-worker';

if (!isMainThread && isPartWorker(workerData)) serveParts();
else process.exitCode = await main(process.argv.slice(2));
