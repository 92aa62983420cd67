/**
 * The parse workers' bundle (dist/netpolish-parse.cjs, scripts/cli-bundle.mjs): the entry
 * (dist/netpolish.js) runs it in place of the CLI's bundle in a worker thread that `--threads`
 * started (threads.ts). It holds parse-worker.ts and what it reads with — the engine's reading,
 * by stage or by part — and none of the commands, the query, the policies or their schemas: a
 * third of the CLI's bundle, so a worker loads and initialises less before it reads.
 */
import { serveParts } from './parse-worker';

serveParts();
