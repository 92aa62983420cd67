/**
 * A Hubble capture read by stage (readStage, then aggregatingStage) gives readShard's diagnostics
 * exactly: generated captures whose bad records sit both on lines the Hubble kernel reads (their
 * records are rebuilt from the kernel's slots on the aggregating side, and checked there) and on
 * lines it gives up on (read by the text parser on the reader's side), interleaved, more of one
 * code than the cap keeps, on both sides of the one code; the stream failing mid-file or gzipped
 * (truncated, or with bytes after it), whose diagnostics have no line. The diagnostics (order,
 * lines, the cap's summaries), their counts (and the order of their codes), the shard (names
 * from DNS answers included), the accounting and the stats are strictly equal to readShard's.
 *
 * The record problems a line the kernel reads can carry to emitFlow (hubble.ts, record-check.ts):
 * a flow without IP and L4 (NP-PARSE-RECORD), a time out of range (NP-RECORD-TIME), an address
 * that is not one (NP-RECORD-ADDRESS), a port out of range in an `l4` the kernel leaves to the
 * JavaScript reader (NP-RECORD-PORT); and a reply with DNS answers (its answers count, the
 * record is a reply). Lines the kernel gives up on here: not JSON, a member it does not read
 * (`__proto__`), no `flow` object, `flow` not an object, lost events.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWireReader, type WireBatch } from '../../../../src/lib/engine/formats/record-wire';
import { createSlotReader } from '../../../../src/lib/engine/formats/hubble-slot-wire';
import {
  createSink,
  MAX_DIAGNOSTICS_PER_CODE,
} from '../../../../src/lib/engine/formats/diagnostics';
import { readInput, recordContext } from '../../../../src/lib/engine/formats/read-input';
import type { ReadOptions } from '../../../../src/lib/engine/formats/types';
import { DIAGNOSTIC_CODES } from '../../../../src/lib/engine/model/diagnostic';
import { indexInventory } from '../../../../src/lib/engine/inventory/index';
import {
  aggregatingStage,
  metadataInventory,
  readShard,
  readStage,
  type ReadShard,
} from '../../../../src/lib/engine/workspace/import';
import { sampleCaptures } from '../formats/fixtures';
import { chunked } from './streams';

const DUMP = 'static/samples/bookinfo-kind_cluster-dump.json';
const inventory = metadataInventory(
  [{ text: readFileSync(DUMP, 'utf8'), name: DUMP }],
  'default',
).inventory;
const index = indexInventory(inventory);

/** Kinds of generated line: read by the kernel (slots) or given up on (the text parser). */
const SLOT_KINDS = [
  'ok',
  'badIp',
  'badPort',
  'badSctpPort',
  'badTime',
  'noIpL4',
  'dns',
  'dnsReply',
] as const;
const TEXT_KINDS = [
  'notJson',
  'protoOk',
  'protoBadIp',
  'protoNoIpL4',
  'protoDns',
  'protoDnsReply',
  'noFlow',
  'flowNotObject',
  'lost',
] as const;
type Kind = (typeof SLOT_KINDS)[number] | (typeof TEXT_KINDS)[number] | 'reply';
const isSlot = (k: Kind): boolean => (SLOT_KINDS as readonly string[]).includes(k);

const T0 = Date.UTC(2024, 4, 6, 10, 0, 0);
const iso = (i: number): string => new Date(T0 + i * 1000).toISOString();

/** One Hubble jsonpb line of kind `k`; `i` varies its addresses, ports, names and time. */
function line(k: Kind, i: number): string {
  const src = k === 'badIp' || k === 'protoBadIp' ? `999.1.1.${i % 256}` : `10.0.0.${i % 250}`;
  const dst = `10.0.1.${(i * 7) % 250}`;
  let l4 = `{"TCP":{"source_port":${40000 + (i % 20000)},"destination_port":${80 + (i % 3)}}}`;
  if (k === 'badPort') l4 = `{"TCP":{"source_port":${40000 + i},"destination_port":70000}}`;
  if (k === 'badSctpPort') l4 = `{"SCTP":{"source_port":-${i + 1},"destination_port":9}}`;
  const time = k === 'badTime' ? '1960-01-01T00:00:00Z' : iso(i);
  const reply = k === 'dnsReply' || k === 'protoDnsReply' || k === 'reply';
  const ip = `"IP":{"source":"${src}","destination":"${dst}"},"l4":${l4},`;
  const dns =
    k === 'dns' || k === 'dnsReply' || k === 'protoDns' || k === 'protoDnsReply'
      ? `,"l7":{"type":"RESPONSE","dns":{"query":"svc-${i % 5}.example.","ips":["10.9.${i % 7}.${i % 250}","10.8.0.${i % 3}"],"ttl":${30 + i},"rcode":0}}`
      : '';
  const verdict = k.startsWith('proto') ? '{"__proto__":1}' : '"FORWARDED"';
  const flow =
    `{"time":"${time}","verdict":${verdict},${k === 'noIpL4' || k === 'protoNoIpL4' ? '' : ip}` +
    `"source":{"ID":${i % 4},"namespace":"default","pod_name":"p${i % 3}","labels":["k8s:app=a${i % 3}"]},` +
    `"destination":{"namespace":"default","pod_name":"q","labels":["k8s:app=b"]},` +
    `"traffic_direction":"EGRESS","is_reply":${reply}${dns},"Summary":"x"}`;
  const top = `"node_name":"node-${i % 2}","time":"${iso(i)}"`;
  if (k === 'noFlow') return `{${top}}`;
  if (k === 'flowNotObject') return `{"flow":[${i}],${top}}`;
  if (k === 'lost') return `{"lost_events":{"num_events_lost":${i}},${top}}`;
  const whole = `{"flow":${flow},${top}}`;
  return k === 'notJson' ? whole.slice(0, 40 + (i % 60)) : whole;
}

/** A capture: two good lines (the format is detected from the head), then `kinds`. */
function capture(kinds: Kind[]): { text: string; slotLines: number } {
  const all: Kind[] = ['ok', 'ok', ...kinds];
  return {
    text: all.map((k, i) => line(k, i)).join('\n') + '\n',
    slotLines: all.filter(isSlot).length,
  };
}

interface Staged {
  shard: ReadShard;
  /** Slot lines handed over, and wire events. */
  slotLines: number;
  wireEvents: number;
}

/** Reads by stage, every batch crossing a structured clone, the read's result too. */
async function staged(
  stream: ReadableStream<Uint8Array>,
  batch: number,
  perCode?: number,
): Promise<Staged> {
  const crossed: WireBatch[] = [];
  const per = perCode === undefined ? {} : { diagnosticsPerCode: perCode };
  const read = await readStage(stream, 'f', {
    batch,
    onBatch: (b, transfer) => crossed.push(structuredClone(b, { transfer })),
    ...per,
  });
  const into = aggregatingStage('f', { cluster: 'default', index, ...per });
  let slotLines = 0;
  let wireEvents = 0;
  for (const b of crossed) {
    slotLines += b.slots?.lines ?? 0;
    wireEvents += b.events;
    into.add(b);
  }
  return { shard: into.finish(structuredClone(read)), slotLines, wireEvents };
}

/** Both ways, the same bytes and stream; the staged shard strictly equal to readShard's. */
async function sameBothWays(
  open: () => ReadableStream<Uint8Array>,
  batch: number,
  perCode?: number,
): Promise<{ whole: ReadShard; by: Staged }> {
  const per = perCode === undefined ? {} : { diagnosticsPerCode: perCode };
  const whole = await readShard(open(), 'f', { cluster: 'default', index, ...per });
  const by = await staged(open(), batch, perCode);
  // Both cloned: the label maps without a prototype compare as plain objects.
  expect(structuredClone(by.shard)).toStrictEqual(structuredClone(whole));
  // The codes' order (the summaries' and the counts' as printed) is one thread's.
  expect(Object.keys(by.shard.read.diagnosticCounts)).toEqual(
    Object.keys(whole.read.diagnosticCounts),
  );
  return { whole, by };
}

const kinds = fc.array(fc.constantFrom<Kind>(...SLOT_KINDS, ...TEXT_KINDS, 'reply'), {
  minLength: 1,
  maxLength: 60,
});
/** Batches of one event or line among the sizes; chunks of the stream. */
const batchSize = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 }));
const chunkSize = fc.integer({ min: 16, max: 4096 });
const codeOf = (d: { code: string }) => d.code;

describe('a Hubble read split by stage: diagnostics', () => {
  it('gives readShard`s diagnostics, counts, shard and stats: bad records on slot and text lines, capped', async () => {
    let slotProblems = 0;
    let textProblems = 0;
    let capped = 0;
    await fc.assert(
      fc.asyncProperty(
        kinds,
        fc.integer({ min: 1, max: 4 }),
        batchSize,
        chunkSize,
        fc.constantFrom('plain', 'fails', 'gzip', 'gzip-cut', 'gzip-trailing'),
        fc.nat(),
        async (ks, perCode, batch, chunk, how, cut) => {
          const { text, slotLines } = capture(ks);
          let bytes = new TextEncoder().encode(text);
          let failAt = Infinity;
          if (how === 'fails') failAt = chunk * (1 + (cut % Math.ceil(bytes.length / chunk)));
          if (how.startsWith('gzip')) {
            const gz = new Uint8Array(gzipSync(bytes));
            if (how === 'gzip') bytes = gz;
            else if (how === 'gzip-cut') bytes = gz.slice(0, 20 + (cut % (gz.length - 20)));
            else bytes = new Uint8Array([...gz, 1, 2, 3]);
          }
          const { whole, by } = await sameBothWays(
            () => chunked(bytes, chunk, failAt),
            batch,
            perCode,
          );
          // Every line of a slot kind went as slots (the whole file read, plain or gzip).
          if (how === 'plain' || how === 'gzip' || how === 'gzip-trailing')
            expect(by.slotLines).toBe(slotLines);
          const codes = whole.diagnostics.map(codeOf);
          if (codes.includes(DIAGNOSTIC_CODES.DIAGNOSTICS_CAPPED)) capped++;
          const slotLine = new Set(
            (['ok', 'ok', ...ks] as Kind[]).flatMap((k, i) => (isSlot(k) ? [i + 1] : [])),
          );
          for (const d of whole.diagnostics)
            if (d.line !== null) {
              if (slotLine.has(d.line)) slotProblems++;
              else textProblems++;
            }
        },
      ),
      { numRuns: 150 },
    );
    // Not vacuous: problems on both sides, and codes over the cap.
    expect(slotProblems).toBeGreaterThan(100);
    expect(textProblems).toBeGreaterThan(100);
    expect(capped).toBeGreaterThan(10);
  }, 120_000);

  it('gives readShard`s diagnostics at the default cap, one code over it on both sides', async () => {
    // 1,500 flows without IP and L4 read by the kernel, 300 lines without `flow` read by the
    // text parser: NP-PARSE-RECORD on both sides, interleaved, 1,800 against 1,000 kept.
    const ks: Kind[] = [];
    for (let i = 0; i < 1800; i++) ks.push(i % 6 === 5 ? 'noFlow' : 'noIpL4', 'ok');
    const bytes = new TextEncoder().encode(capture(ks).text);
    const { whole, by } = await sameBothWays(() => chunked(bytes, 65536), 500);
    expect(whole.read.diagnosticCounts[DIAGNOSTIC_CODES.BAD_RECORD]).toBe(1800);
    const kept = whole.diagnostics.filter((d) => d.code === DIAGNOSTIC_CODES.BAD_RECORD);
    expect(kept.length).toBe(MAX_DIAGNOSTICS_PER_CODE);
    expect(by.slotLines).toBe(2 + 1500 + 1800);
    expect(whole.diagnostics.at(-1)?.message).toMatch(/^800 more NP-PARSE-RECORD/);
  }, 60_000);
});

describe('a Hubble read split by stage: DNS answers', () => {
  const hubble = sampleCaptures().filter((f) => /hubble-otel/.test(f));

  it('gives readShard`s names for the Hubble samples, in batches of any size', async () => {
    expect(hubble.length).toBeGreaterThanOrEqual(5);
    for (const file of hubble) {
      const bytes = new Uint8Array(readFileSync(file));
      for (const batch of [1, 3, 64, 5000]) {
        const { whole } = await sameBothWays(() => chunked(bytes, 4096), batch);
        expect(whole.read.records + whole.read.replies).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  it('gives readShard`s names when DNS answers come on slot lines and on lines the kernel gives up on', async () => {
    let names = 0;
    let bySlots = 0;
    let byWire = 0;
    const dnsKinds = fc.array(
      fc.constantFrom<Kind>(
        'dns',
        'dnsReply',
        'protoDns',
        'protoDnsReply',
        'ok',
        'protoOk',
        'notJson',
        'reply',
      ),
      { minLength: 1, maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(dnsKinds, batchSize, chunkSize, async (ks, batch, chunk) => {
        const bytes = new TextEncoder().encode(capture(ks).text);
        const { whole, by } = await sameBothWays(() => chunked(bytes, chunk), batch);
        expect(by.shard.shard.names).toStrictEqual(whole.shard.names);
        names += whole.shard.names.length;
        if (ks.includes('dns') || ks.includes('dnsReply')) bySlots++;
        if (ks.includes('protoDns') || ks.includes('protoDnsReply')) byWire++;
      }),
      { numRuns: 100 },
    );
    expect(names).toBeGreaterThan(100);
    expect(bySlots).toBeGreaterThan(20);
    expect(byWire).toBeGreaterThan(20);
  }, 120_000);
});

describe('a Hubble read split by stage: the order of events', () => {
  /** Callbacks that list the events they get: each record, each answers list with its times. */
  function listing(): { events: unknown[]; into: Pick<ReadOptions, 'onRecord' | 'onAnswers'> } {
    const events: unknown[] = [];
    return {
      events,
      into: {
        onRecord: (r) => void events.push(['record', structuredClone(r)]),
        onAnswers: (a, time, end) => void events.push(['answers', structuredClone(a), time, end]),
      },
    };
  }

  it('hands the events over in the order one thread reads them, slot lines and wire events', async () => {
    // The other side's events as aggregatingStage gives them to the aggregation: wire events as
    // they are, slot lines' records emitted through readInput's own context.
    await fc.assert(
      fc.asyncProperty(kinds, batchSize, chunkSize, async (ks, batch, chunk) => {
        const bytes = new TextEncoder().encode(capture(ks).text);
        const one = listing();
        await readInput(chunked(bytes, chunk), 'f', one.into);
        const two = listing();
        const ctx = recordContext(createSink('f'), two.into, { records: 0 }, { error: undefined });
        const slots = createSlotReader(ctx);
        const wire = createWireReader();
        await readStage(chunked(bytes, chunk), 'f', {
          batch,
          onBatch: (b, transfer) => {
            const c = structuredClone(b, { transfer });
            if (c.slots) slots(c.slots);
            else wire.read(c, two.into);
          },
        });
        expect(two.events).toStrictEqual(one.events);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
