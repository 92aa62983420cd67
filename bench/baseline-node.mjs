/**
 * The reference pass for bench/run.mjs: stream the same capture, split it into lines and
 * JSON.parse each one — nothing else. The engine's ingest is compared against this.
 *
 *   node bench/baseline-node.mjs <flows.jsonl>
 */
import { createReadStream, statSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: baseline-node.mjs <flows>\n');
  process.exit(1);
}
const started = performance.now();
const cpu0 = process.cpuUsage();
const decoder = new TextDecoder();
let rest = '';
let lines = 0;
let parsed = 0;
for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
  const text = rest + decoder.decode(chunk, { stream: true });
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    const line = text.slice(start, nl);
    start = nl + 1;
    lines++;
    if (line.length > 0 && JSON.parse(line) !== null) parsed++;
  }
  rest = text.slice(start);
}
if (rest.length > 0) {
  lines++;
  if (JSON.parse(rest) !== null) parsed++;
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bytes: statSync(path).size,
    lines,
    records: parsed,
    maxRssKb: process.resourceUsage().maxRSS,
  }) + '\n',
);
