/**
 * Node built-ins the CLI needs only on some paths, loaded when first asked for: a static import
 * loads a built-in with the bundle, on every run. `node:worker_threads` (with the streams and
 * messaging it brings) is needed only when `--threads` starts workers, and in a worker;
 * `node:crypto` (OpenSSL's set-up) only when two inputs have the same size and are hashed.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const workerThreads = (): typeof import('node:worker_threads') =>
  load('node:worker_threads') as typeof import('node:worker_threads');

export const nodeCrypto = (): typeof import('node:crypto') =>
  load('node:crypto') as typeof import('node:crypto');

/** `node:v8`, to set the CLI's V8 flags (v8-flags.ts). */
export const nodeV8 = (): typeof import('node:v8') => load('node:v8') as typeof import('node:v8');

/**
 * Set in a parse worker's environment by threads.ts: a process whose environment lacks it is no
 * parse worker, and its entry need not load `node:worker_threads` to know.
 */
export const PART_WORKER_ENV = 'NETPOLISH_PART_WORKER';
