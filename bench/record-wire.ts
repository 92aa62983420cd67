/**
 * The record wire (formats/record-wire.ts) against sending the events as they are (the structured
 * clone copying each record, as its first version did), in one process: a capture's events read
 * once (readInput, replies dropped as the CLI drops them), then, `passes` times and for each way
 * in turn, cut into batches of `batch` events, each written and taken, posted on a
 * MessageChannel with its buffers transferred (the worker's side of a message), received
 * (`receiveMessageOnPort`: the main thread's side) and read back. Prints one JSON line per pass
 * and way: ns per record of each step (CPU of the process, user + system), and the bytes a
 * record costs in the columns. Bundle it as the CLI is, so the code runs as the CLI's does:
 *
 *   npx esbuild bench/record-wire.ts --bundle --platform=node --format=esm --outfile=<out.mjs>
 *   node <out.mjs> <flows.jsonl> [passes] [batch]
 */
import { readFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { readInput } from '../src/lib/engine/formats/index';
import {
  createWireReader,
  createWireWriter,
  type WireBatch,
} from '../src/lib/engine/formats/record-wire';
import type { EndpointMeta, FlowRecord } from '../src/lib/engine/model/flow';
import type { DnsAnswer } from '../src/lib/engine/model/names';
import { indexInventory } from '../src/lib/engine/inventory/index';
import { createFlowSink, metadataInventory, sinkOptions } from '../src/lib/engine/workspace/import';

const [file, passes = '3', batchSize = '2000', dump] = process.argv.slice(2);
if (!file) throw new Error('usage: record-wire <flows.jsonl> [passes] [batch] [dump.json]');
const BATCH = Number(batchSize);
const CLUSTER = 'default';
const index = dump
  ? indexInventory(
      metadataInventory([{ text: readFileSync(dump, 'utf8'), name: dump }], CLUSTER).inventory,
    )
  : null;

type Event =
  { record: FlowRecord } | { answers: DnsAnswer[]; time: number | null; end: number | undefined };

async function events(): Promise<Event[]> {
  const bytes = readFileSync(file as string);
  const out: Event[] = [];
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(new Uint8Array(bytes.subarray(at, at + (1 << 20))));
      at += 1 << 20;
    },
  });
  await readInput(stream, file as string, {
    onRecord: (record) => out.push({ record }),
    onAnswers: (answers, time, end) => out.push({ answers, time, end }),
  });
  return out;
}

/** A way to send the events: a writer and a reader of batches. */
interface Way {
  name: string;
  writer(): { write(e: Event): void; take(): { batch: unknown; transfer: ArrayBuffer[] } };
  reader(): { read(batch: unknown, into: Sink): void };
}
interface Sink {
  onRecord(r: FlowRecord): void;
  onAnswers(a: DnsAnswer[], t: number | null, e: number | undefined): void;
}

const wire: Way = {
  name: 'wire',
  writer() {
    const w = createWireWriter();
    return {
      write: (e) => ('record' in e ? w.record(e.record) : w.answers(e.answers, e.time, e.end)),
      take: () => w.take(),
    };
  },
  reader() {
    const r = createWireReader();
    return { read: (batch, into) => r.read(batch as WireBatch, into) };
  },
};

function bareLabels(end: EndpointMeta | undefined): void {
  const labels = end?.labels;
  if (labels && Object.getPrototypeOf(labels) !== null) Object.setPrototypeOf(labels, null);
}

/** A writer keeping the events as they are: each batch is the list written since the last. */
function listWriter(): ReturnType<Way['writer']> {
  let list: Event[] = [];
  return {
    write: (e) => void list.push(e),
    take: () => {
      const batch = list;
      list = [];
      return { batch, transfer: [] };
    },
  };
}

/** The events as they are, for the structured clone to copy (the wire's first version). */
const clone: Way = {
  name: 'clone',
  writer: listWriter,
  reader() {
    return {
      read(batch, into) {
        for (const e of batch as Event[]) {
          if ('record' in e) {
            bareLabels(e.record.src);
            bareLabels(e.record.dst);
            into.onRecord(e.record);
          } else into.onAnswers(e.answers, e.time, e.end);
        }
      },
    };
  },
};

/** No wire: the events given to the sink as they are (with a dump only). */
const direct: Way = {
  name: 'direct',
  writer: listWriter,
  reader() {
    return {
      read(batch, into) {
        for (const e of batch as Event[]) {
          if ('record' in e) into.onRecord(e.record);
          else into.onAnswers(e.answers, e.time, e.end);
        }
      },
    };
  },
};

function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

function pass(way: Way, all: Event[]) {
  const writer = way.writer();
  const reader = way.reader();
  const { port1, port2 } = new MessageChannel();
  let records = 0;
  let seen = 0;
  let bytes = 0;
  const into = index ? sinkOptions(createFlowSink(CLUSTER), index) : null;
  const sink: Sink = {
    onRecord: (r) => {
      records++;
      if (r.time !== null) seen++;
      into?.onRecord(r);
    },
    onAnswers: (a, t, e) => into?.onAnswers?.(a, t, e),
  };
  let write = 0;
  let post = 0;
  let receive = 0;
  let read = 0;
  for (let at = 0; at < all.length; at += BATCH) {
    let t = cpu();
    for (let i = at; i < Math.min(all.length, at + BATCH); i++) writer.write(all[i] as Event);
    const { batch, transfer } = writer.take();
    const b = batch as Partial<WireBatch>;
    bytes += (b.ints?.byteLength ?? 0) + (b.nums?.byteLength ?? 0);
    let u = cpu();
    write += u - t;
    t = u;
    let got: unknown = batch;
    if (way !== direct) {
      port1.postMessage(batch, transfer);
      u = cpu();
      post += u - t;
      t = u;
      got = receiveMessageOnPort(port2)?.message;
      u = cpu();
      receive += u - t;
      t = u;
    }
    reader.read(got, sink);
    read += cpu() - t;
  }
  port1.close();
  const per = (ns: number) => Math.round(ns / records);
  return {
    way: way.name,
    records,
    timed: seen,
    writeNs: per(write),
    postNs: per(post),
    receiveNs: per(receive),
    readNs: per(read),
    mainNs: per(receive + read),
    columnBytes: Math.round(bytes / records),
  };
}

const all = await events();
for (let i = 0; i < Number(passes); i++)
  for (const way of index ? [direct, clone, wire] : [clone, wire])
    console.log(JSON.stringify(pass(way, all)));
