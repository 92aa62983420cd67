/**
 * The Hubble line kernel (WebAssembly, formats/hubble-kernel.ts) against the JavaScript scan it
 * stands in for (hubble-bytes.ts, the path of engines without SIMD): the same records, replies,
 * lines and diagnostics on any input. hubble-bytes.test.ts runs its text-path comparisons on
 * both; here the two byte paths meet directly, on edits that cross their edges.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesLineConsumer } from '../../../../src/lib/engine/formats/byte-lines';
import { createSink } from '../../../../src/lib/engine/formats/diagnostics';
import { hubbleJsonpbBytesParser } from '../../../../src/lib/engine/formats/hubble-bytes';
import { readInput } from '../../../../src/lib/engine/formats/index';
import { HUBBLE_FLOW_KEYS, HUBBLE_TOP_KEYS } from '../../../../src/lib/engine/formats/hubble';
import { newFlowSlots, setFlowSlot } from '../../../../src/lib/engine/formats/hubble-flow-slots';
import {
  hubbleKernelParser,
  newKernel,
  useHubbleKernel,
  type KernelExports,
} from '../../../../src/lib/engine/formats/hubble-kernel';
import { GENERATED, compileKernel, kernelModule } from '../../../../scripts/build-kernel.mjs';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import { fixtureText, plain, utf8 } from './fixtures';

afterAll(() => useHubbleKernel(true));

/**
 * A stream of `bytes` in chunks of `chunk` bytes, each read into a buffer given back through
 * `recycle` when there is one (as the CLI reads files: the same arrays again and again, their
 * bytes changed under them), else into a new one.
 */
function pooled(bytes: Uint8Array, chunk: number) {
  const pool: Uint8Array[] = [];
  let at = 0;

  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      const n = Math.min(chunk, bytes.length - at);
      const free = pool.pop();
      const buf = free && free.length === chunk ? free : new Uint8Array(chunk);
      buf.set(bytes.subarray(at, at + n));
      c.enqueue(n === chunk ? buf : buf.subarray(0, n));
      at += n;
    },
  });
  return { stream, recycle: (b: Uint8Array) => void pool.push(b) };
}

async function read(bytes: Uint8Array, kernel: boolean, chunk: number, keepReplies: boolean) {
  useHubbleKernel(kernel);
  const records: FlowRecord[] = [];
  const { stream, recycle } = pooled(bytes, chunk);
  const result = await readInput(stream, 'f', {
    onRecord: (r) => records.push(r),
    keepReplies,
    recycle,
  });
  const { byteScan, ...rest } = result;
  return { result: plain(rest), records: plain(records), byteScan };
}

async function sameBothWays(text: string, chunk: number, keepReplies = false) {
  const bytes = utf8(text);
  const { byteScan: a, ...kernel } = await read(bytes, true, chunk, keepReplies);
  const { byteScan: b, ...scan } = await read(bytes, false, chunk, keepReplies);
  expect(kernel).toEqual(scan);
  // Which scan ran is all the two tell apart (ReadResult.byteScan; none without the byte path).
  expect([a, b]).toEqual(a === undefined ? [undefined, undefined] : ['wasm', 'js']);
  return kernel;
}

/**
 * A byte line consumer of Hubble lines, through the kernel or the JavaScript scan, that fails on
 * any line it would hand to the text path.
 */
function byteOnly(kernel: boolean, emit: (r: FlowRecord) => void) {
  useHubbleKernel(kernel);
  const ctx = { sink: createSink('f'), dropReplies: true, replies: 0, emit };
  const slow = (l: unknown) => expect.unreachable(`not read by the byte path: ${String(l)}`);
  return bytesLineConsumer(hubbleJsonpbBytesParser(ctx), slow, slow, 1 << 20);
}

/** The records of `lines` (each with its newline) read by byteOnly, one chunk a line. */
function byteRecords(kernel: boolean, lines: string[]): FlowRecord[] {
  const got: FlowRecord[] = [];
  const consumer = byteOnly(kernel, (r) => void got.push(r));
  for (const l of lines) consumer.push(utf8(l));
  consumer.end();
  return got;
}

const SAMPLES = [
  'hubble/hubble-otel_basic-sample-10-flows.json',
  'hubble/hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble/hubble-otel_basic-sample-5-dns-flows.json',
  'hubble/hubble-otel_basic-sample-5-http-flows.json',
];

describe('Hubble line kernel', () => {
  it('runs here (Node has WebAssembly SIMD), and not when turned off', () => {
    const ctx = { sink: {} as never, dropReplies: true, replies: 0, emit: () => {} };
    useHubbleKernel(true);
    expect(hubbleKernelParser(ctx)).not.toBeNull();
    useHubbleKernel(false);
    expect(hubbleKernelParser(ctx)).toBeNull();
    useHubbleKernel(true);
  });

  it('is what wasm/hubble-kernel.ts compiles to', async () => {
    const committed = readFileSync(GENERATED, 'utf8');
    expect(kernelModule(await compileKernel())).toBe(committed);
  }, 120_000);

  it('gives the JavaScript scan`s records on the samples, cut anywhere, in recycled chunks', async () => {
    for (const file of SAMPLES) {
      const text = fixtureText(file);
      for (const chunk of [61, 997, 65536])
        for (const keepReplies of [false, true]) await sameBothWays(text, chunk, keepReplies);
    }
    const tcp = await sameBothWays(fixtureText(SAMPLES[1] as string), 997);
    expect(tcp.result).toMatchObject({ records: 268, replies: 132, lines: 400 });
  });

  it('reads a chunk again when the same array comes back with other lines at the same places', () => {
    // Lines of one length, chunks of exactly two, all in one array (a reader that refills it):
    // only the bytes change, so the parser must take them again (byte-lines.ts newChunk).
    const line = (sp: number) =>
      `{"flow":{"time":"2021-06-16T16:52:13Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":${sp},"destination_port":80}},"is_reply":false},"node_name":"n"}\n`;
    const ports = (kernel: boolean): number[] => {
      const got: number[] = [];
      const lines = byteOnly(kernel, (r) => void got.push(r.srcPort ?? -1));
      const array = new Uint8Array(2 * line(10_000).length);
      for (let i = 0; i < 20; i += 2) {
        array.set(utf8(line(10_000 + i) + line(10_001 + i)));
        lines.push(array);
      }
      lines.end();
      return got;
    };
    const expected = Array.from({ length: 20 }, (_, i) => 10_000 + i);
    expect(ports(false)).toEqual(expected);
    expect(ports(true)).toEqual(expected);
  });

  it('reads a first line longer than its first copy into the kernel, and the lines after it', async () => {
    // The parser's first copy is a few lines (16 KiB), the later ones 1 MiB; a line longer than
    // either is copied whole. Here the first line is 40 KiB, in one chunk and in recycled ones.
    const line = (port: number, label: string) =>
      `{"flow":{"time":"2021-06-16T16:52:13Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"source":{"namespace":"a","pod_name":"p","labels":["k8s:x=${label}"]},"l4":{"TCP":{"source_port":${port},"destination_port":80}},"is_reply":false},"node_name":"n"}\n`;
    const long = 'y'.repeat(40_000);
    const text = line(40_000, long) + line(40_001, 'z') + line(40_002, long);
    const expected = [
      [40_000, 40_000],
      [40_001, 1],
      [40_002, 40_000],
    ];
    const shown = (records: FlowRecord[]) =>
      records.map((r) => [r.srcPort, r.src?.labels?.x?.length]);
    for (const chunk of [1 << 20, 65536])
      expect(shown((await sameBothWays(text, chunk)).records)).toEqual(expected);
    // Each line read by the kernel itself (a line it gives up on would go to the text path).
    for (const kernel of [true, false]) {
      const got: FlowRecord[] = [];
      const consumer = byteOnly(kernel, (r) => void got.push(r));
      consumer.push(utf8(text));
      consumer.end();
      expect(shown(got)).toEqual(expected);
    }
  });

  it('reads the names and words of every line through its memo, each as its own bytes', () => {
    // node_name (top level and flow), verdict and traffic_direction go through the kernel's
    // memo by their own bytes: names that are prefixes of one another, escaped, followed by
    // other bytes, at the end of the line — each line read by the kernel, every value its own.
    const names = ['n', 'n1', 'n12', 'n1\\"2', 'n\\u0031', 'node-a', 'node-ab', 'x'.repeat(70)];
    const words = ['FORWARDED', 'DROPPED', 'FORWARD', 'FORWARDEDX'];
    const directions = ['EGRESS', 'INGRESS', 'EGRESSES', 'E'];
    const line = (i: number) => {
      const node = names[i % names.length] as string;
      const top = names[(i * 3 + 1) % names.length] as string;
      const verdict = words[i % words.length] as string;
      const dir = directions[(i >> 1) % directions.length] as string;
      return `{"flow":{"time":"2021-06-16T16:52:13Z","verdict":"${verdict}","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":${1000 + i},"destination_port":80}},"node_name":"${node}","traffic_direction":"${dir}","is_reply":false},"node_name":"${top}"}\n`;
    };
    const lines = Array.from({ length: 64 }, (_, i) => line(i));
    const read = (kernel: boolean) =>
      byteRecords(kernel, lines).map((r) => [
        r.srcPort,
        r.src?.node,
        r.verdict,
        r.verdictRaw,
        r.direction,
      ]);
    const expected = Array.from({ length: 64 }, (_, i) => {
      const raw = words[i % words.length] as string;
      const dir = directions[(i >> 1) % directions.length] as string;
      return [
        1000 + i,
        undefined, // no endpoint object: the node goes on none
        raw === 'FORWARDED' ? 'allowed' : raw === 'DROPPED' ? 'dropped' : 'unknown',
        raw,
        dir === 'EGRESS' ? 'egress' : dir === 'INGRESS' ? 'ingress' : 'unknown',
      ];
    });
    expect(read(true)).toEqual(expected);
    expect(read(false)).toEqual(expected);
    // The node names themselves, on endpoints local to the node (an `ID`).
    const withNode = (node: string, top: string) =>
      `{"flow":{"time":"2021-06-16T16:52:13Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":1,"destination_port":80}},"source":{"ID":1,"namespace":"a","pod_name":"p"},"node_name":"${node}","is_reply":false},"node_name":"${top}"}`;
    const pairs = names.flatMap((a) => names.map((b) => withNode(a, b) + '\n'));
    const nodes = (kernel: boolean) => byteRecords(kernel, pairs).map((r) => r.src?.node);
    const decoded = names.map((n) => JSON.parse(`"${n}"`) as string);
    const expectedNodes = decoded.flatMap((a) => decoded.map(() => a));
    expect(nodes(true)).toEqual(expectedNodes);
    expect(nodes(false)).toEqual(expectedNodes);
  });

  it('stores each flow member by name in the slot of its key', () => {
    // setFlowSlot's cases follow HUBBLE_FLOW_KEYS by index; newFlowSlots has every key but time.
    const keys = HUBBLE_FLOW_KEYS.filter((k) => k !== 'time');
    expect(Object.keys(newFlowSlots()).sort()).toEqual([...keys].sort());
    HUBBLE_FLOW_KEYS.forEach((key, index) => {
      const f = newFlowSlots();
      const marker = { key };
      expect(setFlowSlot(f, index, marker)).toBe(key !== 'time');
      for (const k of keys) expect(f[k]).toBe(k === key ? marker : undefined);
    });
    expect(setFlowSlot(newFlowSlots(), HUBBLE_FLOW_KEYS.length, 1)).toBe(false);
    // The top level's keys, which the kernel's reader sets by name too.
    expect(HUBBLE_TOP_KEYS).toEqual(['flow', 'time', 'node_name', 'nodeName']);
  });

  it('reads the policies and l7 of a flow that has them, in any order of its members', async () => {
    const line = (extra: string, before: boolean) => {
      const base = `"time":"2021-06-16T16:52:13Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":1,"destination_port":80}},"is_reply":false`;
      return `{"flow":{${before ? `${extra},${base}` : `${base},${extra}`}},"node_name":"n"}`;
    };
    const extras = [
      '"egress_allowed_by":[{"name":"allow-a","namespace":"a"}]',
      '"ingressAllowedBy":[{"name":"allow-b"}]',
      '"ingress_denied_by":[{"name":"deny-c","namespace":"c"}]',
      '"l7":{"type":"REQUEST","http":{"method":"GET","url":"http://x/"}}',
    ];
    const lines = [fixtureText(SAMPLES[0] as string).split('\n')[2] as string];
    for (const e of extras) lines.push(line(e, false), line(e, true), line(`${e},${e}`, false));
    lines.push(line('"x":1', false));
    const { records } = await sameBothWays(lines.join('\n'), 1 << 16);
    expect(records.slice(1).map((r) => [r.policies, r.l7?.type])).toEqual([
      ...[['a/allow-a'], ['allow-b'], ['c/deny-c']].flatMap((p) => [
        [p, undefined],
        [p, undefined],
        [p, undefined], // a key twice: the last counts, as in JSON.parse
      ]),
      [undefined, 'http'],
      [undefined, 'http'],
      [undefined, 'http'],
      [undefined, undefined],
    ]);
  });

  it('reads an object again when the line that kept it was not read to its end', async () => {
    const lines = fixtureText(SAMPLES[1] as string).split('\n');
    const good = lines.find((l) => l.includes('"is_reply":false')) as string;
    // The kernel keeps the addresses, l4 and endpoints of `cut`, then gives up on it (the text
    // parser reports it); `proto` has them kept again (a new place in the memo) but its reader
    // gives up on the verdict before reaching them. The lines after meet the kept objects.
    const cut = good.slice(0, good.indexOf('"Type"'));
    const proto = good.replace('"verdict":"FORWARDED"', '"verdict":{"__proto__":1}');
    expect(proto).not.toBe(good);
    const opener = fixtureText(SAMPLES[0] as string).split('\n')[2] as string;
    const text = [opener, cut, good, proto, good, proto, good].join('\n');
    const { records } = await sameBothWays(text, 1 << 16);
    expect(records.length).toBe(6);
  });

  it('never gives the value of an object a memo entry held before it started over', async () => {
    // 22,000 distinct l4 objects (≈ 50 bytes each) fill the l4 memo's 1 MiB: it starts over,
    // and entries that held values are given to new objects. A line cut after its l4 keeps a
    // new object that its reader never builds; the next line with that l4 must build it. SCTP:
    // the kernel reads a TCP or UDP l4 itself, without the memo.
    const line = (sp: number, dp: number) =>
      `{"flow":{"time":"2021-06-16T16:52:13Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"SCTP":{"source_port":${sp},"destination_port":${dp}}},"is_reply":false},"node_name":"n"}`;
    const lines = [fixtureText(SAMPLES[0] as string).split('\n')[2] as string];
    for (let i = 0; i < 22_000; i++)
      lines.push(line(1000 + (i % 20_000), 80 + Math.floor(i / 20_000)));
    for (let i = 0; i < 50; i++) {
      const l = line(50_000 + i, 443);
      lines.push(l.slice(0, l.indexOf('"is_reply"')), l);
    }
    const { records } = await sameBothWays(lines.join('\n'), 1 << 20);
    expect(records.length).toBe(1 + 22_000 + 50);
  }, 60_000);

  it('reads a TCP or UDP l4 itself as the JavaScript scan reads it, and leaves any other to the memo', async () => {
    // The kernel reads `{"TCP"|"UDP":{"source_port":S,"destination_port":D[,"flags":{…}]}}`
    // into numbers (decodeL4); anything else near that shape must come out as the scan reads it.
    const line = (l4: string, extra = '') =>
      `{"flow":{"time":"2021-06-16T16:52:13Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":${l4}${extra},"is_reply":false},"node_name":"n"}`;
    const tcp = (ports: string, flags = '') => `{"TCP":{${ports}${flags}}}`;
    const both = (s: string | number, d: string | number) =>
      `"source_port":${s},"destination_port":${d}`;
    const shapes = [
      tcp(both(40000, 80)),
      tcp(both(40000, 80), ',"flags":{"SYN":true}'),
      tcp(both(1, 2), ',"flags":{"SYN":true,"ACK":true,"FIN":true,"RST":true,"PSH":true}'),
      tcp(both(1, 2), ',"flags":{"ACK":true}'),
      tcp(both(1, 2), ',"flags":{"FIN":true,"RST":true}'),
      tcp(both(1, 2), ',"flags":{"PSH":true}'),
      tcp(both(1, 2), ',"flags":{"NS":true,"CWR":true,"ECE":true,"URG":true}'),
      tcp(both(1, 2), ',"flags":{"SYN":false}'),
      tcp(both(1, 2), ',"flags":{"SYN":true,"SYN":false}'),
      tcp(both(1, 2), ',"flags":{"SYN":1}'),
      tcp(both(1, 2), ',"flags":{}'),
      tcp(both(1, 2), ',"flags":{"syn":true}'),
      tcp(both(1, 2), ',"flags":{"S\\u0059N":true}'),
      tcp(both(1, 2), ',"flags":{"__proto__":true}'),
      tcp(both(1, 2), ',"flags":{"SYN":true,}'),
      tcp(both(1, 2), ',"flags":{"SYN" :true}'),
      tcp(both(1, 2), ',"flags":null'),
      tcp(both(1, 2), ',"flags":{"SYN":true},"x":1'),
      tcp(both(0, 65535)),
      tcp(both(65535, 0)),
      tcp(both(65536, 2)),
      tcp(both(1, 99999)),
      tcp(both(123456, 2)),
      tcp(both('080', 2)),
      tcp(both(1, '00')),
      tcp(both(-1, 2)),
      tcp(both(1.5, 2)),
      tcp(both('1e3', 2)),
      tcp(both('"1"', 2)),
      tcp(both('null', 2)),
      tcp('"source_port":1'),
      tcp('"destination_port":2,"source_port":1'),
      tcp('"sourcePort":1,"destinationPort":2'),
      tcp(`"source_port":1, "destination_port":2`),
      `{"UDP":{${both(5353, 53)}}}`,
      `{"UDP":{${both(5353, 53)},"flags":{"SYN":true}}}`,
      `{"SCTP":{${both(1, 2)}}}`,
      `{"TCP":{${both(1, 2)}},"UDP":{${both(3, 4)}}}`,
      `{"UDP":{${both(1, 2)}},"TCP":{${both(3, 4)}}}`,
      `{"ICMPv4":{"type":8,"code":0}}`,
      `{"TCP":{${both(1, 2)}} }`,
      `{ "TCP":{${both(1, 2)}}}`,
      `{"TCP":{${both(1, 2)}}`,
      `{"TCP":{${both(1, 2)},"flags":{"SYN":true}`,
      `{"TCP":{${both(1, 2)},"flags":{"SYN":tru}}}`,
      `{"TCP":[]}`,
      `{}`,
      `null`,
    ];
    const lines = [fixtureText(SAMPLES[0] as string).split('\n')[2] as string];
    for (const l4 of shapes) lines.push(line(l4));
    // Two l4 members: the last one counts, whichever of them the kernel read.
    const object = `{"SCTP":{${both(7, 8)}}}`;
    const read = tcp(both(9, 10), ',"flags":{"RST":true}');
    lines.push(line(read, `,"l4":${object}`), line(object, `,"l4":${read}`));
    lines.push(line(read, `,"l4":${tcp(both(11, 12))}`), line(read, ',"l4":null'));
    for (const chunk of [97, 1 << 16]) {
      const { records } = await sameBothWays(lines.join('\n'), chunk);
      // Every line a record but six that are not JSON and five whose port the check refuses.
      expect(records.length).toBe(lines.length - 11);
    }
    const { records } = await sameBothWays(lines.slice(1, 4).join('\n'), 1 << 16);
    expect(records.map((r) => [r.proto, r.srcPort, r.dstPort, r.tcpFlags])).toEqual([
      ['TCP', 40000, 80, undefined],
      ['TCP', 40000, 80, { syn: true }],
      ['TCP', 1, 2, { syn: true, ack: true, fin: true, rst: true }],
    ]);
  });

  it('forgets the l4 it read in a flow that a later flow replaces', async () => {
    // A `flow` key twice: the last one counts, as in JSON.parse, without the first one's l4.
    const l4 = '"l4":{"TCP":{"source_port":1,"destination_port":2}}';
    const lines = [fixtureText(SAMPLES[0] as string).split('\n')[2] as string];
    lines.push(`{"flow":{${l4}},"flow":{}}`, `{"flow":{${l4}},"flow":{"verdict":"DROPPED"}}`);
    lines.push(`{"flow":{},"flow":{${l4}}}`);
    const { records } = await sameBothWays(lines.join('\n'), 1 << 16);
    expect(records.length).toBe(2);
  });

  it('gives the JavaScript scan`s records on random edits (property)', async () => {
    const lines = SAMPLES.flatMap((f) => fixtureText(f).split('\n').slice(0, 8)).filter(Boolean);
    const insert = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom(
        '"',
        '\\',
        '\\"',
        '\\u00e9',
        '\\n',
        'é',
        '😀',
        '\u0001',
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        ' ',
        '\t',
        '\r',
        '\r\n',
        '\n',
        '"is_reply":true,',
        '"dns":{}',
        '"__proto__":{},',
        '"source":{"ID":1},',
        '"l4":{"UDP":{"source_port":1}},',
        '"l4":{"TCP":{"source_port":1,"destination_port":2,"flags":{"SYN":true,"ACK":true}}},',
        '"l4":{"UDP":{"source_port":53,"destination_port":0}},',
        '"flags":{"FIN":true,"RST":true}',
        '"SYN":true,',
        '"destination_port":65536',
        '"time":"2021-06-16T16:52:13Z",',
        '-0',
        '1e5',
        'x'.repeat(1100),
        '['.repeat(70) + ']'.repeat(70),
      ),
    );
    const edited = fc
      .tuple(fc.constantFrom(...lines), fc.nat(), fc.nat(), insert)
      .map(([l, a, b, ins]) => {
        const i = a % (l.length + 1);
        return l.slice(0, i) + ins + l.slice(Math.min(l.length, i + (b % 12)));
      });
    const text = fc.array(fc.oneof(edited, fc.constantFrom(...lines)), {
      minLength: 1,
      maxLength: 10,
    });
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 16, max: 4096 }),
        fc.boolean(),
        async (ls, eol, chunk, keepReplies) => {
          await sameBothWays(ls.join(eol), chunk, keepReplies);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

/** A line for the kernel driven directly: its members (level, key index, value start and end). */
interface Scanned {
  n: number;
  members: number[][];
  entries: number[][];
}

/**
 * Scans `line` with kernel `k` (copied at its input, then PAD bytes of marks and quotes the
 * kernel must not read as the line's): the answer (-1 FAIL, -2 REPLY, else the members) and the
 * members' key and value places, apart from their memo entries and stamps.
 */
function scanLine(k: KernelExports, line: string, dropReplies = true): Scanned {
  const bytes = utf8(line);
  const at = k.IN.value;
  if (at + bytes.length + 2 * k.PAD.value > k.memory.buffer.byteLength) k.memory.grow(1);
  const u8 = new Uint8Array(k.memory.buffer);
  u8.set(bytes, at);
  const after = utf8('eply":true"dns":{"'.repeat(8));
  u8.set(after.subarray(0, k.PAD.value), at + bytes.length);
  const n = k.scan(0, bytes.length, dropReplies ? 1 : 0, HUBBLE_TOP_KEYS.indexOf('flow'));
  const i32 = new Int32Array(k.memory.buffer, k.out(), Math.max(0, n) * 5);
  const members: number[][] = [];
  const entries: number[][] = [];
  for (let m = 0; m < Math.max(0, n) * 5; m += 5) {
    const word = i32[m] as number;
    members.push([word >>> 16, word & 0xffff, i32[m + 1] as number, i32[m + 2] as number]);
    entries.push([i32[m + 3] as number, i32[m + 4] as number]);
  }
  return { n, members, entries };
}

function kernel(): KernelExports {
  const k = newKernel();
  if (k === null) throw new Error('no kernel');
  return k;
}

/** A flow line with the members `flow` between its time and its IP (no reply mark). */
const flowLine = (flow: string, top = '"node_name":"n"') =>
  `{"flow":{"time":"2021-06-16T16:52:13Z",${flow}"IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":1,"destination_port":80}},"is_reply":false},${top}}`;

describe('Hubble line kernel, driven directly', () => {
  it('finds each key as a cold kernel does when the key seen at its place last differs', () => {
    // The kernel keeps the key seen at each place of an object; a line whose key there has the
    // same first bytes, is longer or shorter, differs in its last bytes, is longer than 32
    // bytes, escaped, outside ASCII or cut by the line's end must be read as a cold kernel
    // (nothing kept) reads it.
    const service = '{"name":"s","namespace":"ns"}';
    const keys = [
      'source_service',
      'source_servicf',
      'source_service_x',
      'source_servic',
      'source_service',
      'destination_service',
      'destination_servicE',
      'Destination_service',
      'destination_service',
      'destination_service_and_more_bytes',
      'destination_service_and_more_bytez',
      'destination_names',
      'destination_name',
      'destination_namesX',
      'source_names',
      'source\\u005fservice',
      'source_servicé',
      'source_service',
      '',
      'source_service',
    ];
    const lines = keys.flatMap((key) => [
      flowLine(`"${key}":${service},`),
      flowLine(`"${key}":${service},"${key}":[],`),
    ]);
    const source = flowLine(`"source_service":${service},`);
    lines.push(source.slice(0, source.indexOf('source_service') + 14));
    lines.push(source.slice(0, source.indexOf('source_service') + 15));
    lines.push(source.slice(0, source.indexOf('source_service') + 10), source);
    const warm = kernel();
    const seen = lines.map((l) => scanLine(warm, l).members);
    const cold = lines.map((l) => scanLine(kernel(), l).members);
    expect(seen).toEqual(cold);
    // What the cold kernel gives: the asked-for keys found, escaped and non-ASCII keys and cut
    // lines refused (the JavaScript path reads those).
    const flowKeys = (i: number) => (cold[i] as number[][]).filter((m) => m[0] === 2);
    const SOURCE_SERVICE = HUBBLE_FLOW_KEYS.indexOf('source_service');
    expect(flowKeys(0).map((m) => m[1])).toEqual([0, SOURCE_SERVICE, 1, 2, 3]);
    expect(flowKeys(2).map((m) => m[1])).toEqual([0, 1, 2, 3]);
    expect(flowKeys(10).map((m) => m[1])).toEqual([
      0,
      HUBBLE_FLOW_KEYS.indexOf('destination_service'),
      1,
      2,
      3,
    ]);
    expect(flowKeys(18).map((m) => m[1])).toEqual([0, 1, 2, 3]);
    expect(flowKeys(22).map((m) => m[1])).toEqual([
      0,
      HUBBLE_FLOW_KEYS.indexOf('destination_names'),
      1,
      2,
      3,
    ]);
    expect([30, 32].map((i) => cold[i])).toEqual([[], []]);
    expect(lines.slice(-4).map((l) => scanLine(kernel(), l).n > 0)).toEqual([
      false,
      false,
      false,
      true,
    ]);
    // And the records, read through the reader (every line here is read by the kernel).
    const readable = lines
      .filter((l, i) => i < 30 || (i > 33 && i < 40) || l === source)
      .map((l) => `${l}\n`);
    expect(byteRecords(true, readable)).toEqual(byteRecords(false, readable));
  });

  it('reads members with whitespace around any colon or comma as without it', () => {
    // The kernel takes `":` and `,"` as Hubble writes them in one step; whitespace anywhere
    // JSON allows it around them must be read as the JavaScript scan reads it, and a line cut
    // just after either is no line for the kernel.
    const base = flowLine(
      '"verdict":"FORWARDED","source":{"ID":1,"namespace":"a","pod_name":"p"},',
    );
    const places: number[] = [];
    let inString = false;
    for (let i = 0; i < base.length; i++) {
      const c = base[i];
      if (c === '"' && base[i - 1] !== '\\') inString = !inString;
      else if (!inString && (c === ':' || c === ',')) places.push(i);
    }
    const lines = places.flatMap((i) =>
      [' ', '\t', '  '].flatMap((ws) => [
        base.slice(0, i) + ws + base.slice(i),
        base.slice(0, i + 1) + ws + base.slice(i + 1),
      ]),
    );
    const records = (kernel: boolean) =>
      byteRecords(
        kernel,
        lines.map((l) => `${l}\n`),
      );
    expect(records(true)).toEqual(records(false));
    expect(records(true).length).toBe(lines.length);
    const k = kernel();
    expect(places.map((i) => scanLine(k, base.slice(0, i + 1)).n)).toEqual(places.map(() => -1));
    expect(scanLine(k, base).n).toBeGreaterThan(0);
  });

  it('finds the reply mark only in the last 1024 bytes and the DNS mark anywhere, at any offset', () => {
    // The mark's start at every distance from the line's end across the window's edge (1,024)
    // and across the 64-byte steps of the search, on lines longer and shorter than the window;
    // a line is dropped when it shows the reply mark there and no DNS mark.
    const reply = (pad: number, tail: number, dns = '') =>
      flowLine(`"a":"${'a'.repeat(pad)}",${dns}"reply":true,"b":"${'b'.repeat(tail)}",`);
    const dropped = (l: string) =>
      l.indexOf('eply":true', l.length - 1024) >= 0 && !l.includes('"dns":{');
    const lines: string[] = [];
    for (let tail = 700; tail < 900; tail++) lines.push(reply(10, tail));
    for (let tail = 0; tail < 140; tail++) lines.push(reply(0, tail), reply(1200, tail));
    for (let pad = 0; pad < 140; pad++) lines.push(reply(pad, 600, '"dns":{},'));
    for (let tail = 0; tail < 140; tail++) lines.push(reply(300, tail, '"dns":{},'));
    const k = kernel();
    const got = lines.map((l) => scanLine(k, l).n === -2);
    expect(got).toEqual(lines.map(dropped));
    expect(got.filter(Boolean).length).toBeGreaterThan(100);
    expect(got.filter((d) => !d).length).toBeGreaterThan(100);
    // Marks cut by the line's end: the DNS mark's last byte is the line's last (kept), or
    // beyond it (dropped); the reply mark likewise (a line that is not JSON either way).
    const head = reply(10, 10);
    const cuts = [
      `${head}"dns":{`,
      `${head}"dns":`,
      `${head.slice(0, head.indexOf('"reply"'))}"reply":true`,
      `${head.slice(0, head.indexOf('"reply"'))}"reply":tru`,
    ];
    expect(cuts.map((l) => scanLine(k, l).n)).toEqual([-1, -2, -2, -1]);
    expect(cuts.map(dropped)).toEqual([false, true, true, false]);
  });

  it('keeps an object or string once: the same bytes find it, any byte changed does not', () => {
    // Endpoint objects of many lengths, one byte changed at a time anywhere in them; the memo
    // compares 64 bytes a step, then 16, then the last 16 (below 16, the lanes of the length).
    const k = kernel();
    const endpoint = (name: string) => `{"ID":1,"namespace":"ns","pod_name":"${name}"}`;
    const stampOf = (ep: string) => {
      const s = scanLine(k, flowLine(`"source":${ep},`));
      const i = s.members.findIndex((m) => m[1] === HUBBLE_FLOW_KEYS.indexOf('source'));
      return (s.entries[i] as number[])[1] as number;
    };
    for (const length of [1, 5, 30, 47, 48, 49, 100, 113, 200, 333]) {
      const name = 'p'.repeat(length);
      for (let j = 0; j < length; j++) {
        const first = stampOf(endpoint(name));
        expect(stampOf(endpoint(name))).toBe(first);
        const other = endpoint(name.slice(0, j) + 'q' + name.slice(j + 1));
        const stamp = stampOf(other);
        expect(stamp).not.toBe(first);
        expect(stampOf(other)).toBe(stamp);
      }
    }
    // Strings through the memo of addresses and Services, by their own bytes.
    const verdict = (v: string) => {
      const s = scanLine(k, flowLine(`"verdict":"${v}",`));
      const i = s.members.findIndex((m) => m[1] === HUBBLE_FLOW_KEYS.indexOf('verdict'));
      return s.entries[i] as number[];
    };
    for (const v of ['A', 'FORWARDED', 'FORWARDEDXYZW', 'FORWARDEDXYZWV', 'x'.repeat(70)]) {
      const [entry, stamp] = verdict(v) as number[];
      expect(verdict(v)).toEqual([entry, stamp]);
      expect((verdict(`${v}!`) as number[])[1]).not.toBe(stamp);
      // The entry's slot: the FNV-1a hash (64-bit, folded) of the string's first 64 bytes.
      const bytes = utf8(`"${v}"`).subarray(0, 64);
      let x = 0xcbf29ce484222325n;
      if (bytes.length === 64) {
        const words = new BigUint64Array(
          bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 64),
        );
        for (const w of words) x = ((x ^ w) * 0x100000001b3n) & 0xffffffffffffffffn;
      } else for (const b of bytes) x = ((x ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      const hash = Number((x >> 32n) ^ (x & 0xffffffffn));
      expect(Math.floor(((entry as number) % 16384) / 4)).toBe(hash % 4096);
    }
  });

  it('reads a TCP or UDP l4 itself: its protocol, flags and ports in the member', () => {
    const k = kernel();
    const l4 = (v: string) => {
      const s = scanLine(k, flowLine('').replace(/"l4":\{"TCP":[^}]*\}\}/, `"l4":${v}`));
      const i = s.members.findIndex((m) => m[1] === HUBBLE_FLOW_KEYS.indexOf('l4'));
      return s.entries[i];
    };
    const ports = (s: number, d: number) => `"source_port":${s},"destination_port":${d}`;
    expect(l4(`{"TCP":{${ports(40000, 80)}}}`)).toEqual([-2 - 1, (40000 << 16) | 80]);
    expect(l4(`{"UDP":{${ports(53, 5353)}}}`)).toEqual([-2 - 2, (53 << 16) | 5353]);
    expect(l4(`{"TCP":{${ports(1, 2)},"flags":{"SYN":true,"ACK":true}}}`)).toEqual([
      -2 - (1 | 4 | 8 | 16),
      (1 << 16) | 2,
    ]);
    expect(l4(`{"TCP":{${ports(1, 2)},"flags":{"FIN":true,"RST":true,"PSH":true}}}`)).toEqual([
      -2 - (1 | 4 | 32 | 64),
      (1 << 16) | 2,
    ]);
    // Near misses go through the memo (an entry of its own, 0 or more).
    for (const v of [
      `{"TCP":{"source_port":1,"destination_port":2},"x":1}`,
      `{"TCP":{"source_port":1,"destinatiom_port":2}}`,
      `{"TCP":{"sourcE_port":1,"destination_port":2}}`,
      `{"TCP":{"source_port":1,"destination_port":2,"flags":{"SYN":false}}}`,
      `{"TCP":{"source_port":1,"destination_port":2,"flagz":{"SYN":true}}}`,
      `{"TCP":{"source_port":1,"destination_port":2} }`,
      `{"SCTP":{"source_port":1,"destination_port":2}}`,
    ])
      expect((l4(v) as number[])[0]).toBeGreaterThanOrEqual(-1);
  });
});
