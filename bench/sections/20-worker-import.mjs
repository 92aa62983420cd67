/**
 * Browser section: the engine in the app's Web Worker, importing the 200k-flow capture (or the
 * smallest size asked for) through "Import files" in Chromium (bench/worker-import.mjs).
 */
import { measureWorkerImport, printWorkerImport } from '../worker-import.mjs';

export const name = 'worker-import';

export async function run(ctx) {
  const size = ctx.sizes.includes(200_000) ? 200_000 : Math.min(...ctx.sizes);
  const { flows, dump } = ctx.files[size];
  const result = await measureWorkerImport({
    flows,
    dump,
    log: (m) => process.stdout.write(`  ${m}\n`),
  });
  return { size, ...result };
}

export function print(result) {
  return printWorkerImport(result);
}
