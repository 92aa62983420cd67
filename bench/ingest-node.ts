/**
 * One engine ingest in this process, for bench/run.mjs (run in a child so its peak RSS is its
 * own): the cluster dump and a flow capture through `analyzeStreams` (sniff, inventory,
 * orientation, resolution, aggregation). Prints one JSON line with timings and maxRSS.
 *
 *   node --expose-gc --import tsx bench/ingest-node.ts <flows.jsonl> <dump.json>
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { analyzeStreams } from '../src/lib/engine/pipeline';

function open(path: string): ReadableStream<Uint8Array> {
  return Readable.toWeb(
    createReadStream(path, { highWaterMark: 1 << 20 }),
  ) as unknown as ReadableStream<Uint8Array>;
}

const [flows, dump] = process.argv.slice(2);
if (!flows || !dump) {
  process.stderr.write('usage: ingest-node.ts <flows> <dump>\n');
  process.exit(1);
}
const started = performance.now();
const cpu0 = process.cpuUsage();
const result = await analyzeStreams([
  { name: 'cluster.json', open: () => open(dump) },
  { name: 'flows.jsonl', open: () => open(flows) },
]);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
// What the ingest still holds once its garbage is collected (needs --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
const retainedHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
const file = result.files.find((f) => f.kind === 'flows');
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    retainedHeapMb,
    bytes: statSync(flows).size,
    lines: file?.lines ?? 0,
    records: file?.records ?? 0,
    aggregates: result.aggregates.length,
    pods: result.inventory.pods.length,
    stats: result.stats,
    diagnostics: result.diagnostics.length,
    maxRssKb: process.resourceUsage().maxRSS,
  }) + '\n',
);
