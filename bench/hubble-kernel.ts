/**
 * The Hubble byte line parser with its scan in WebAssembly (formats/hubble-kernel.ts) against
 * the JavaScript scan (hubble-bytes.ts), in one process: the capture read into memory once, cut
 * into 1 MiB chunks as the CLI reads it, then every line parsed — records built, not aggregated —
 * by each path in turn, `passes` times. Prints one JSON line per pass (CPU ms of the pass, user +
 * system). Bundle it as the CLI is, so the code runs as the CLI's does:
 *
 *   npx esbuild bench/hubble-kernel.ts --bundle --platform=node --format=esm --outfile=<out.mjs>
 *   node <out.mjs> <flows.jsonl> [passes]
 */
import { readFileSync } from 'node:fs';
import { bytesLineConsumer } from '../src/lib/engine/formats/byte-lines';
import type { ParseContext } from '../src/lib/engine/formats/common';
import { createSink } from '../src/lib/engine/formats/diagnostics';
import { hubbleJsonpbBytesParser } from '../src/lib/engine/formats/hubble-bytes';
import { useHubbleKernel } from '../src/lib/engine/formats/hubble-kernel';

const [file, passes = '3'] = process.argv.slice(2);
if (!file) throw new Error('usage: hubble-kernel <flows.jsonl> [passes]');
const bytes = readFileSync(file);
const CHUNK = 1 << 20;

function pass(kernel: boolean) {
  useHubbleKernel(kernel);
  let records = 0;
  let text = 0;
  const ctx: ParseContext = {
    sink: createSink(file as string),
    dropReplies: true,
    replies: 0,
    emit: () => void records++,
  };
  const lines = bytesLineConsumer(
    hubbleJsonpbBytesParser(ctx),
    () => void text++,
    () => {},
    1 << 24,
  );
  const cpu = process.cpuUsage();
  for (let at = 0; at < bytes.length; at += CHUNK)
    lines.push(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)));
  lines.end();
  const used = process.cpuUsage(cpu);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  return { path: kernel ? 'kernel' : 'javascript', cpuMs, records, replies: ctx.replies, text };
}

for (let i = 0; i < Number(passes); i++)
  for (const kernel of [false, true]) console.log(JSON.stringify(pass(kernel)));
