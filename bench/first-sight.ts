/**
 * What a Hubble line costs on the per-line path once the JIT is warm, by kind (docs/SCALE.md,
 * issue 15): the first line of a key, a line repeating an earlier key, a reply. `split` cuts a
 * capture into three files by that rule (the key of bench/key-bound.ts: every member
 * `hubbleRecord` reads but the times, `l4` reduced to its protocol and server port, the client
 * port and flags only when `is_reply` does not decide, the second of the time); `run` reads the
 * dump once, warms the per-line path on a slice, then makes passes, each with a fresh
 * aggregation: one reader (as the CLI's, through `readInput` and the workspace's sink) gets the
 * first sights, then the repeats, then the replies, and the CPU of each segment is taken at the
 * chunk where the next begins. Prints one JSON line per pass (µs per line of each kind). Bundle
 * it as the CLI is, so the code runs as the CLI's does:
 *
 *   npx esbuild bench/first-sight.ts --bundle --platform=node --format=esm --outfile=<out.mjs>
 *   node <out.mjs> split <flows.jsonl> <out-prefix>
 *   node <out.mjs> run <out-prefix> <dump.json> [passes] [only]   only: firsts (for a profile)
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { readInput } from '../src/lib/engine/formats/index';
import { indexInventory } from '../src/lib/engine/inventory/index';
import { createFlowSink, metadataInventory, sinkOptions } from '../src/lib/engine/workspace/import';
import { parsedKey, type Obj } from './hubble-key';

const KINDS = ['firsts', 'repeats', 'replies'] as const;
const CHUNK = 1 << 20;

function split(file: string, prefix: string): void {
  const out: Record<string, string[]> = { firsts: [], repeats: [], replies: [] };
  const seen = new Set<string>();
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry = '';
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) break;
    const lines = (carry + buf.toString('latin1', 0, n)).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      const o = JSON.parse(line) as Obj;
      const f = (o.flow ?? {}) as Obj;
      const dns = (f.l7 as Obj | undefined)?.dns !== undefined;
      if (f.is_reply === true && !dns) out.replies!.push(line);
      else {
        const k = JSON.stringify(parsedKey(line));
        if (seen.has(k)) out.repeats!.push(line);
        else {
          seen.add(k);
          out.firsts!.push(line);
        }
      }
    }
  }
  closeSync(fd);
  for (const kind of KINDS)
    writeFileSync(`${prefix}-${kind}.jsonl`, out[kind]!.join('\n') + '\n', 'latin1');
  console.log(JSON.stringify(Object.fromEntries(KINDS.map((k) => [k, out[k]!.length]))));
}

function lineCount(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 10) n++;
  return n;
}

/** A stream of the segments' 1 MiB chunks that marks the process's CPU where each begins. */
function segmented(
  segments: Uint8Array[],
  marks: number[],
  at0: (segment: number) => Promise<void>,
): ReadableStream<Uint8Array> {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let seg = 0;
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        while (seg < segments.length && at >= segments[seg]!.length) {
          seg++;
          at = 0;
        }
        if (at === 0) {
          marks.push(cpu()); // the chunk before was the last of its segment
          await at0(seg);
        }
        if (seg === segments.length) return c.close();
        const b = segments[seg]!;
        c.enqueue(b.subarray(at, Math.min(b.length, at + CHUNK)));
        at += CHUNK;
      },
    },
    { highWaterMark: 0 },
  ); // pulled only when the reader asks: the chunk before is parsed
}

async function run(prefix: string, dumpFile: string, passes: number, only?: string): Promise<void> {
  const dump = readFileSync(dumpFile, 'utf8');
  const { inventory } = metadataInventory([{ text: dump, name: 'cluster.json' }], 'default');
  const index = indexInventory(inventory);
  const kinds = only ? KINDS.filter((k) => k === only) : KINDS;
  const segs = kinds.map((k) => new Uint8Array(readFileSync(`${prefix}-${k}.jsonl`)));
  const counts = segs.map(lineCount);
  // The warm-up: the first 20,000 lines of each kind, in the capture's kinds' order.
  const warm = segs.map((b) => {
    let n = 0;
    let i = 0;
    for (; i < b.length && n < 20000; i++) if (b[i] === 10) n++;
    return b.subarray(0, i);
  });
  // PROFILE=<file.cpuprofile> [PROFILE_KIND=<kind>]: a CPU profile of the passes after the
  // warm-up, or of that kind's segment in the last pass only.
  const profile = process.env.PROFILE;
  const only1 = process.env.PROFILE_KIND;
  const session = profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
  }
  for (let pass = -1; pass < passes; pass++) {
    if (pass === 0 && session && !only1) await session.post('Profiler.start');
    const last = pass === passes - 1 && only1 ? kinds.indexOf(only1 as (typeof KINDS)[number]) : -1;
    const sink = createFlowSink('default');
    const marks: number[] = [];
    const at = async (seg: number) => {
      if (session && seg === last) await session.post('Profiler.start');
      if (session && profile && last >= 0 && seg === last + 1) {
        const { profile: p } = await session.post('Profiler.stop');
        writeFileSync(profile, JSON.stringify(p));
      }
    };
    const r = await readInput(segmented(pass < 0 ? warm : segs, marks, at), 'flows.jsonl', {
      ...sinkOptions(sink, index),
    });
    if (pass < 0) continue;
    const row: Record<string, unknown> = { pass, records: r.records, skippedReplies: r.replies };
    kinds.forEach((k, i) => {
      // marks[0]: the first chunk (the head's sniff); marks[i + 1] ends segment i.
      const ms = marks[i + 1]! - (i === 0 ? marks[0]! : marks[i]!);
      row[k] = {
        lines: counts[i],
        ms: Math.round(ms),
        usPerLine: +((ms * 1000) / counts[i]!).toFixed(2),
      };
    });
    console.log(JSON.stringify(row));
  }
  if (session && profile && !only1) {
    const { profile: p } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(p));
  }
}

const [mode, a, b, c, d] = process.argv.slice(2);
if (mode === 'split' && a && b) split(a, b);
else if (mode === 'run' && a && b) await run(a, b, Number(c ?? 5), d);
else
  throw new Error(
    'usage: first-sight split <flows> <prefix> | run <prefix> <dump> [passes] [only]',
  );
