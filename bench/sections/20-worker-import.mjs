/**
 * Browser section: the engine in the app's Web Worker, importing the 200k-flow capture (or the
 * smallest size asked for) through "Import files" in Chromium (bench/worker-import.mjs), with
 * one parse worker (the engine worker reads the file whole) and with the app's default (the
 * cores' parse workers, at most 4, each reading a part of the file). Fastest of up to 2 runs;
 * ratio = the time with 1 over the time with N (above 1.0: the parse workers help).
 */
import { measureWorkerImport, printWorkerImport } from '../worker-import.mjs';

export const name = 'worker-import';

export async function run(ctx) {
  const size = ctx.sizes.includes(200_000) ? 200_000 : Math.min(...ctx.sizes);
  const { flows, dump } = ctx.files[size];
  const log = (m) => process.stdout.write(`  ${m}\n`);
  const runs = { one: [], many: [] };
  for (let i = 0; i < Math.min(ctx.repeat, 2); i++) {
    runs.one.push(await measureWorkerImport({ flows, dump, workers: 1, log }));
    runs.many.push(await measureWorkerImport({ flows, dump, log }));
  }
  const fastest = (list) => list.reduce((a, b) => (b.ms < a.ms ? b : a));
  const one = fastest(runs.one);
  const many = fastest(runs.many);
  return {
    size,
    ...one,
    parseWorkers: { one, many, ratio: Math.round((one.ms / many.ms) * 100) / 100 },
  };
}

export function print(result) {
  const { one, many, ratio } = result.parseWorkers;
  return [
    `1 parse worker: ${printWorkerImport(one)}`,
    `${Math.min(many.cores, 4)} parse workers (${many.cores} cores): ${printWorkerImport(many)}`,
    `parse workers N over 1: ${ratio}× faster (the machine's cores are shared with other work)`,
  ].join('\n');
}
