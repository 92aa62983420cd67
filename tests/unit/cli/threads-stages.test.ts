/**
 * `--threads 2` by stage (threads.ts): when the biggest flow file reads by stage (the engine's
 * readsByStage, from the format its head shows) a worker parses it from the start and the main
 * thread aggregates; other captures are read by byte range as at more threads. Either way the
 * CLI prints exactly what `--threads 1` prints. The edges: a worker that stops mid-stage, a batch
 * this thread cannot apply, an early file gone, an early read the engine does not ask for,
 * several flow files, small files, no dump. Parts are kept small (NETPOLISH_PART_BYTES).
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  aggregatingStage,
  analyzeStreams,
  readsByStage,
  readStage,
  type AnalyzeInput,
} from '../../../src/lib/engine/index';
import { openStream, readSlice, type InputFile } from '../../../src/cli/io';
import {
  headFormat,
  threadsPlan,
  workerParts,
  type PartCounts,
  type WorkerPartsOptions,
} from '../../../src/cli/threads';
import { runCli } from './run-cli';
import { DUMP, partsSeen, ROOT, TCP, threadsTestSetup, UDP } from './threads-fixtures';

const VPC = join(ROOT, 'tests/fixtures/formats/aws-vpc/awsdocs_vpcflow-v2-default.log');
const ZEEK = join(ROOT, 'tests/fixtures/formats/zeek/zeek-docs_conn.json.log');
const GCP = join(ROOT, 'tests/fixtures/formats/gcp-vpc/entries-synthetic.jsonl');

let gz = '';
let vpc = '';
let zeek = '';
let gcp = '';
/** A Hubble capture of several read chunks (1 MiB each): a worker waits for its acks there. */
let long = '';

const dirOf = threadsTestSetup('netpolish-stages-', (dir) => {
  gz = join(dir, 'udp.json.gz');
  writeFileSync(gz, gzipSync(readFileSync(UDP)));
  // A VPC capture bigger than the Hubble samples: its header, then its lines many times.
  const [head, ...lines] = readFileSync(VPC, 'utf8').trimEnd().split('\n');
  vpc = join(dir, 'vpc.log');
  writeFileSync(vpc, [head, ...Array.from({ length: 800 }, () => lines).flat()].join('\n') + '\n');
  // Zeek JSON, whose lines stand alone: in byte ranges (not faster by stage with a dump).
  const conn = readFileSync(ZEEK, 'utf8').split('\n')[0]!;
  zeek = join(dir, 'conn.json.log');
  const many = Array.from({ length: 1000 }, (_, i) =>
    conn.replace('"192.168.4.76"', `"192.168.${i % 7}.${i % 250}"`),
  );
  writeFileSync(zeek, many.join('\n') + '\n');
  // GCP VPC entries, lines that stand alone, not faster by stage: byte ranges.
  gcp = join(dir, 'gcp.jsonl');
  writeFileSync(gcp, readFileSync(GCP, 'utf8').repeat(500));
  long = join(dir, 'long.json');
  writeFileSync(long, readFileSync(TCP, 'utf8').repeat(6));
});

const fileOf = (path: string): InputFile => ({ name: path, path, size: statSync(path).size });

function inputOf(f: InputFile): AnalyzeInput {
  return {
    name: f.name,
    open: () => openStream(f),
    size: f.size,
    slice: (s, e) => readSlice(f, s, e),
  };
}

const dumpInput = (): AnalyzeInput => ({ name: DUMP, open: () => openStream({ path: DUMP }) });

/**
 * The dump and `f` read through a part reader made with `opts` (after `first`), equal to one
 * thread's read; the reader's counts.
 */
async function readAsOne(
  f: InputFile,
  opts: WorkerPartsOptions,
  first?: (counts: PartCounts) => Promise<void>,
): Promise<PartCounts> {
  const input = inputOf(f);
  const reader = workerParts(2, new Map([[input, f]]), opts);
  try {
    await first?.(reader.counts);
    const parted = await analyzeStreams([dumpInput(), input], { parts: reader });
    expect(parted).toEqual(await analyzeStreams([dumpInput(), input]));
    expect(parted.aggregates.length).toBeGreaterThan(0);
    return reader.counts;
  } finally {
    await reader.close();
  }
}

/** Resolves once `done` says so (polled), or fails after 20 s. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 20_000) throw new Error('waited 20 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('netpolish analyze --threads 2 by stage', () => {
  it('reads by stage only a capture whose format the engine reads by stage', async () => {
    expect(readsByStage('hubble-jsonpb')).toBe(true);
    expect(readsByStage('zeek-json')).toBe(false);
    expect(readsByStage('aws-vpc')).toBe(true);
    expect(readsByStage('gcp-vpc')).toBe(false);
    expect(readsByStage(null)).toBe(false);
    expect(await headFormat({ path: TCP })).toBe('hubble-jsonpb');
    expect(await headFormat({ path: gz })).toBe('hubble-jsonpb');
    expect(await headFormat({ path: vpc })).toBe('aws-vpc');
    expect(await headFormat({ path: zeek })).toBe('zeek-json');
    expect(await headFormat({ path: gcp })).toBe('gcp-vpc');
    expect(await headFormat({ path: join(dirOf(), 'gone.json') })).toBeNull();
    const tcp = fileOf(TCP);
    const big = fileOf(gcp);
    expect(big.size).toBeGreaterThan(tcp.size!);
    expect(await threadsPlan(2, [tcp])).toEqual({ prestart: true, stages: true, early: tcp });
    // Gzip is inflated to see the format; the biggest file is the one begun early.
    const g = fileOf(gz);
    expect(await threadsPlan(2, [g, tcp])).toEqual({ prestart: true, stages: true, early: tcp });
    process.env.NETPOLISH_PART_BYTES = String(g.size);
    try {
      expect(await threadsPlan(2, [g])).toEqual({ prestart: true, stages: true, early: g });
    } finally {
      process.env.NETPOLISH_PART_BYTES = '20000';
    }
    // The biggest is not a capture read by stage: byte ranges, as at more threads.
    expect(await threadsPlan(2, [tcp, big])).toEqual({ prestart: true });
    const z = fileOf(zeek);
    expect(await threadsPlan(2, [z])).toEqual({ prestart: true });
    expect(await threadsPlan(3, [tcp])).toEqual({ prestart: true });
    expect(await threadsPlan(1, [tcp])).toEqual({ prestart: false });
    // Gone since it was listed: byte ranges (the read says why, as at one thread).
    const gone = { name: 'gone', path: join(dirOf(), 'gone.json'), size: tcp.size };
    expect(await threadsPlan(2, [gone])).toEqual({ prestart: true });
    // A pipe is never begun early.
    expect(await threadsPlan(2, [{ ...tcp, once: true }])).toEqual({ prestart: true });
    // Smaller than a part: read on the main thread, no worker started.
    process.env.NETPOLISH_PART_BYTES = String(tcp.size! + 1);
    try {
      expect(await threadsPlan(2, [tcp])).toEqual({ prestart: false });
    } finally {
      process.env.NETPOLISH_PART_BYTES = '20000';
    }
  });

  it('prints what one thread prints, by stage (Hubble, VPC) and byte range, dump or not', async () => {
    for (const flows of [[TCP], [vpc], [zeek], [gcp], [TCP, gcp], [gz]])
      for (const dump of [['--metadata', DUMP], []]) {
        const args = ['analyze', ...dump, '--flows', ...flows, '--json'];
        const one = await runCli(...args, '--threads', '1');
        expect(one.code).toBe(0);
        const two = await runCli(...args, '--threads', '2');
        expect({ code: two.code, err: two.err, out: two.out }).toEqual({
          code: 0,
          err: one.err,
          out: one.out,
        });
      }
  });

  it('the plan decides the read: Hubble, VPC by stage, Zeek JSON, GCP in byte ranges', async () => {
    for (const [path, want] of [
      [TCP, { staged: 1, here: 0 }],
      [zeek, { staged: 0, here: 1 }],
      [vpc, { staged: 1, here: 0 }],
      [gcp, { staged: 0, here: 1 }],
    ] as const) {
      const f = fileOf(path);
      const counts = await readAsOne(f, await threadsPlan(2, [f]));
      expect(counts).toMatchObject({ ...want, workers: 1 });
    }
  });

  it('a worker parses from the start: its first batches wait for the inventory', async () => {
    const f = fileOf(TCP);
    // Two batches ahead: the worker waits for the inventory, then for each batch to be taken.
    const early = { prestart: true, stages: true, early: f, batch: 16, window: 2 };
    const counts = await readAsOne(f, early, (c) => until(() => c.kept > 0));
    expect(counts).toMatchObject({ here: 0, staged: 1, workers: 1 });
    expect(counts.kept).toBeGreaterThan(0);
  });

  it('a worker that stops before the inventory fails the read with why', async () => {
    const f = fileOf(TCP);
    const input = inputOf(f);
    const opts = { prestart: true, stages: true, early: f, batch: 1, window: 2 };
    const reader = workerParts(2, new Map([[input, f]]), opts);
    // The worker waits for its batches to be taken (two sent, none taken): it stops there.
    await until(() => reader.counts.kept >= 2);
    await reader.close();
    await expect(analyzeStreams([dumpInput(), input], { parts: reader })).rejects.toThrow(
      /parse worker stopped \(exit code 1\)/,
    );
  });

  it('a worker that stops mid-stage, batches applied, fails the read with why', async () => {
    const f = fileOf(TCP);
    const input = inputOf(f);
    let added = 0;
    const reader = workerParts(2, new Map([[input, f]]), {
      prestart: true,
      stages: true,
      early: f,
      batch: 8,
      window: 1,
      // The worker is ended once this thread has applied a few of its batches.
      aggregating: (name, o) => {
        const into = aggregatingStage(name, o);
        return {
          add: (b) => {
            if (++added === 3) void reader.close();
            into.add(b);
          },
          finish: (r) => into.finish(r),
        };
      },
    });
    await expect(analyzeStreams([dumpInput(), input], { parts: reader })).rejects.toThrow(
      /parse worker stopped \(exit code 1\)/,
    );
    expect(added).toBeGreaterThanOrEqual(3);
  });

  it('a batch this thread cannot apply fails the read, not the process', async () => {
    const f = fileOf(TCP);
    const input = inputOf(f);
    let added = 0;
    for (const before of [true, false]) {
      // Before: the worker read the whole file, its batches kept until the inventory; else
      // applied as they come, the worker waiting for each.
      added = 0;
      const reader = workerParts(2, new Map([[input, f]]), {
        prestart: true,
        stages: true,
        early: f,
        batch: 8,
        window: before ? 1000 : 1,
        aggregating: (name, o) => {
          const into = aggregatingStage(name, o);
          return {
            add: (b) => {
              if (++added === (before ? 2 : 6)) throw new Error('a batch out of order');
              into.add(b);
            },
            finish: (r) => into.finish(r),
          };
        },
      });
      try {
        if (before) await until(() => reader.counts.ended === 1);
        expect(reader.counts.kept).toBeGreaterThanOrEqual(before ? 6 : 0);
        await expect(analyzeStreams([dumpInput(), input], { parts: reader })).rejects.toThrow(
          'a batch out of order',
        );
        // No batch applied after the failure, and the worker was told to stop.
        expect(added).toBe(before ? 2 : 6);
      } finally {
        await reader.close();
      }
    }
  });

  it('an early file gone before its worker opens it reads as at one thread', async () => {
    const path = join(dirOf(), 'soon-gone.json');
    writeFileSync(path, readFileSync(TCP));
    const f = fileOf(path);
    const input = inputOf(f);
    rmSync(path);
    const reader = workerParts(2, new Map([[input, f]]), {
      prestart: true,
      stages: true,
      early: f,
    });
    try {
      const parted = await analyzeStreams([dumpInput(), input], { parts: reader });
      expect(parted).toEqual(await analyzeStreams([dumpInput(), input]));
      expect(parted.diagnostics.map((d) => d.message).join('\n')).toMatch(/could not be read/);
      // Not read as flows: the engine asks for no part, and the early read was stopped.
      expect(reader.counts.staged).toBe(0);
      await until(() => reader.counts.cancelled === 1);
    } finally {
      await reader.close();
    }
  });

  it('an early read the engine does not ask for is stopped: a copy, or no parts at all', async () => {
    const f = fileOf(long);
    const input = inputOf(f);
    // A copy of the capture: the engine reads the first and ignores the copy (same content).
    const path = join(dirOf(), 'copy.json');
    writeFileSync(path, readFileSync(long));
    const c = fileOf(path);
    const copy = inputOf(c);
    // The worker begins the copy and waits after a batch: only the plan's stop frees it.
    const early = { prestart: true, stages: true, early: c, batch: 1, window: 1 };
    const files = new Map([
      [input, f],
      [copy, c],
    ]);
    const waits = async (reader: ReturnType<typeof workerParts>): Promise<void> => {
      await until(() => reader.counts.kept > 0);
      await new Promise((r) => setTimeout(r, 300));
      expect(reader.counts.ended).toBe(0);
    };
    const sha256 = (b: Uint8Array): Promise<Uint8Array> =>
      Promise.resolve(new Uint8Array(createHash('sha256').update(b).digest()));
    let reader = workerParts(2, files, early);
    try {
      await waits(reader);
      const parted = await analyzeStreams([dumpInput(), input, copy], { parts: reader, sha256 });
      expect(parted).toEqual(await analyzeStreams([dumpInput(), input, copy], { sha256 }));
      expect(parted.diagnostics.some((d) => d.message.startsWith('same content as'))).toBe(true);
      expect(reader.counts).toMatchObject({ here: 0, staged: 1, workers: 1, cancelled: 1 });
    } finally {
      await reader.close();
    }
    // The engine plans no parts (the flows it is given are smaller than a part): stopped too.
    const small = inputOf(fileOf(UDP));
    process.env.NETPOLISH_PART_BYTES = String(10 * 1024 * 1024);
    reader = workerParts(2, new Map([...files, [small, fileOf(UDP)]]), early);
    try {
      await waits(reader);
      const parted = await analyzeStreams([dumpInput(), small], { parts: reader });
      expect(parted).toEqual(await analyzeStreams([dumpInput(), small]));
      expect(reader.counts).toMatchObject({ here: 0, staged: 0, workers: 1 });
      await until(() => reader.counts.cancelled === 1);
    } finally {
      process.env.NETPOLISH_PART_BYTES = '20000';
      await reader.close();
    }
  });

  it('several flow files: one begun early, the others by stage in turn on the one worker', async () => {
    const files = [TCP, UDP, gz, vpc].map(fileOf);
    const byInput = new Map(files.map((f) => [inputOf(f), f] as const));
    const inputs = [dumpInput(), ...byInput.keys()];
    // The biggest file (VPC) is begun early; the others follow on the same worker.
    const plan = await threadsPlan(2, files);
    expect(plan.early).toBe(files[3]);
    const reader = workerParts(2, byInput, { ...plan, batch: 64, window: 2 });
    try {
      // By stage, no file is cut (one reader thread), and this thread reads none itself.
      expect(await partsSeen(inputs, reader)).toEqual(files.map((f) => `${f.name} whole`).sort());
      expect(reader.counts).toMatchObject({ here: 0, staged: 4, workers: 1 });
    } finally {
      await reader.close();
    }
  });

  it('edges by stage: lines all given up by the kernel, a header alone, a cut gzip, an empty file', async () => {
    const dir = dirOf();
    // Every line has a member the kernel gives up on (its reader meets `__proto__`): the text
    // parser reads them all on the worker, and their records cross on the record wire alone.
    const giveUp = join(dir, 'give-up.json');
    const tcp = readFileSync(TCP, 'utf8').trimEnd().split('\n');
    const bad = tcp.map((l) => l.replace(/"verdict":"[A-Z_]+"/, '"verdict":{"__proto__":1}'));
    writeFileSync(giveUp, bad.join('\n') + '\n');
    let slotLines = 0;
    let events = 0;
    await readStage(openStream({ path: giveUp }), giveUp, {
      batch: 64,
      onBatch: (b) => {
        if (b.slots) slotLines += b.slots.lines;
        else events += b.events;
      },
    });
    expect({ slotLines, many: events > 200 }).toEqual({ slotLines: 0, many: true });
    const head = join(dir, 'head.log');
    writeFileSync(head, readFileSync(VPC, 'utf8').split('\n')[0] + '\n');
    const cut = join(dir, 'cut.json.gz');
    const zipped = gzipSync(readFileSync(TCP));
    writeFileSync(cut, zipped.subarray(0, zipped.length >> 1));
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    process.env.NETPOLISH_PART_BYTES = '1';
    try {
      // A header alone has no line for the sniff to stop at: read whole by it, here, and the
      // worker's early read is stopped.
      for (const [paths, staged] of [
        [[giveUp], 1],
        [[head], 0],
        [[cut], 1],
        [[TCP, empty], 1],
      ] as const) {
        const files = paths.map((p) => fileOf(p));
        const plan = await threadsPlan(2, files);
        expect(plan).toEqual({ prestart: true, stages: true, early: files[0] });
        const byInput = new Map(files.map((f) => [inputOf(f), f] as const));
        const inputs = [dumpInput(), ...byInput.keys()];
        const reader = workerParts(2, byInput, { ...plan, batch: 16, window: 2 });
        try {
          const parted = await analyzeStreams(inputs, { parts: reader });
          expect(parted).toEqual(await analyzeStreams(inputs));
          expect({ paths, ...reader.counts }).toMatchObject({ paths, here: 0, staged, workers: 1 });
          await until(() => reader.counts.cancelled === 1 - staged);
        } finally {
          await reader.close();
        }
      }
    } finally {
      process.env.NETPOLISH_PART_BYTES = '20000';
    }
  });
});
