/**
 * Browser section: the engine in the app's Web Worker, importing the 200k-flow capture (or the
 * smallest size asked for) through "Import files" in Chromium (bench/worker-import.mjs), with
 * one parse worker (the engine worker reads the file whole) and with the app's default (the
 * cores' parse workers, at most 4, each reading a part of the file); then the same capture cut
 * into 4 files picked at once (one drop): one after another in the engine worker, or shared by
 * the parse workers. Fastest of up to 2 runs, 1 and N alternating; ratio = the time with 1
 * over the time with N (above 1.0: the parse workers help); the load average during the runs.
 */
import { loadavg } from 'node:os';
import { measureWorkerImport, printWorkerImport, splitCapture } from '../worker-import.mjs';

/** Files the capture is cut into for the several-files case. */
const DROP_FILES = 4;

export const name = 'worker-import';

export async function run(ctx) {
  const size = ctx.sizes.includes(200_000) ? 200_000 : Math.min(...ctx.sizes);
  const { flows, dump } = ctx.files[size];
  const log = (m) => process.stdout.write(`  ${m}\n`);
  const load = [loadavg()[0]];
  const sampler = setInterval(() => load.push(loadavg()[0]), 5_000);
  const compare = async (input) => {
    const runs = { one: [], many: [] };
    for (let i = 0; i < Math.min(ctx.repeat, 2); i++) {
      runs.one.push(await measureWorkerImport({ flows: input, dump, workers: 1, log }));
      runs.many.push(await measureWorkerImport({ flows: input, dump, log }));
    }
    const fastest = (list) => list.reduce((a, b) => (b.ms < a.ms ? b : a));
    const one = fastest(runs.one);
    const many = fastest(runs.many);
    return { one, many, ratio: Math.round((one.ms / many.ms) * 100) / 100 };
  };
  const drop = splitCapture(flows, DROP_FILES);
  try {
    const parseWorkers = await compare(flows);
    const severalFiles = { files: DROP_FILES, ...(await compare(drop.files)) };
    const round = (x) => Math.round(x * 10) / 10;
    return {
      size,
      ...parseWorkers.one,
      parseWorkers,
      severalFiles,
      load: { min: round(Math.min(...load)), max: round(Math.max(...load)) },
    };
  } finally {
    clearInterval(sampler);
    drop.remove();
  }
}

export function print(result) {
  const lines = (label, { one, many, ratio }) => [
    `${label}, 1 parse worker: ${printWorkerImport(one)}`,
    `${label}, ${Math.min(many.cores, 4)} parse workers (${many.cores} cores): ${printWorkerImport(many)}`,
    `${label}, parse workers N over 1: ${ratio}× faster`,
  ];
  const { severalFiles: drop, load } = result;
  return [
    ...lines('one file', result.parseWorkers),
    ...(drop ? lines(`${drop.files} files at once`, drop) : []),
    load
      ? `load average during the runs: ${load.min}–${load.max} (the machine's cores are shared with other work)`
      : '',
  ].join('\n');
}
