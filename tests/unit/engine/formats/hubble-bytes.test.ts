import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasDnsMark,
  hasReplyMark,
  hubbleJsonpbBytesParser,
} from '../../../../src/lib/engine/formats/hubble-bytes';
import { createSink } from '../../../../src/lib/engine/formats/diagnostics';
import { useHubbleKernel } from '../../../../src/lib/engine/formats/hubble-kernel';
import { parseIsoTime } from '../../../../src/lib/engine/formats/common';
import { createDayCache, isoTimeBytes } from '../../../../src/lib/engine/formats/iso-bytes';
import { createScan, scanLine, UNREADABLE } from '../../../../src/lib/engine/formats/json-bytes';
import { readValue } from '../../../../src/lib/engine/formats/json-bytes-read';
import { fixtureBytes, fixtureText, readAll, utf8 } from './fixtures';

/**
 * The oracle: the same text as UTF-16 (with a BOM) goes through the text path (decoded chunks,
 * io/lines.ts, JSON.parse), while UTF-8 goes through the byte path. Everything but the byte
 * count must be the same.
 */
function utf16(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
}

async function sameAsTextPath(
  text: string,
  opts: { chunk?: number; keepReplies?: boolean; maxLineLength?: number } = {},
): Promise<number> {
  const fast = await readAll(utf8(text), { ...opts, file: 'f' });
  const slow = await readAll(utf16(text), { ...opts, chunk: (opts.chunk ?? 4096) * 2, file: 'f' });
  expect(fast.result.format).toBe('hubble-jsonpb');
  // Only UTF-8 text may be cut into parts (lineParts) and goes through a byte scan.
  expect(fast.result.byteScan).toBe(kernelOn ? 'wasm' : 'js');
  expect(slow.result.byteScan).toBeUndefined();
  const same = { bytes: 0, lineParts: undefined, byteScan: undefined };
  expect({ ...fast.result, ...same }).toEqual({ ...slow.result, ...same });
  expect(fast.records).toEqual(slow.records);
  // Node Buffers (the CLI's chunks) are searched with their own indexOf: the same again.
  expect(await readAll(utf8(text), { ...opts, file: 'f', buffers: true })).toEqual(fast);
  return fast.records.length;
}

/** Whether the kernel is on (the describe's path). */
let kernelOn = true;

/** `line` with `from` replaced (which must be there: an edit that misses would test nothing). */
function edit(line: string, from: string, to: string): string {
  expect(line).toContain(from);
  return line.replace(from, to);
}

const SAMPLES = [
  'hubble/hubble-otel_basic-sample-10-flows.json',
  'hubble/hubble-otel_basic-sample-400-icmpv4-flows.json',
  'hubble/hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble/hubble-otel_basic-sample-5-dns-flows.json',
  'hubble/hubble-otel_basic-sample-5-http-flows.json',
];

// Both byte paths: the WebAssembly kernel (formats/hubble-kernel.ts) and the JavaScript scan
// that engines without SIMD use.
describe.each([
  ['the kernel', true],
  ['the JavaScript scan', false],
])('Hubble jsonpb byte path (%s): the same records as the text path', (_, kernel) => {
  beforeAll(() => useHubbleKernel((kernelOn = kernel)));
  afterAll(() => useHubbleKernel((kernelOn = true)));

  it('on every real sample, replies dropped or kept, in small and large chunks', async () => {
    for (const file of SAMPLES) {
      const text = fixtureText(file);
      for (const chunk of text.length < 20_000 ? [3, 1000, 65536] : [4096, 1 << 20]) {
        for (const keepReplies of [false, true]) {
          await sameAsTextPath(text, { chunk, keepReplies });
        }
      }
    }
    // The 400-TCP sample by hand: 132 lines carry "is_reply":true (grep -c), 268 are emitted.
    const tcp = await readAll(utf8(fixtureText(SAMPLES[2] as string)));
    expect(tcp.result).toMatchObject({ records: 268, replies: 132, lines: 400 });
  });

  it('reads every line of the real samples itself (none is left to the text path)', () => {
    for (const file of SAMPLES) {
      const b = fixtureBytes(file);
      for (const dropReplies of [true, false]) {
        const ctx = { sink: createSink(file), dropReplies, replies: 0, emit: () => {} };
        const parse = hubbleJsonpbBytesParser(ctx);
        let left = 0;
        for (let s = 0, nl = b.indexOf(10); nl >= 0; s = nl + 1, nl = b.indexOf(10, s)) {
          if (!parse(b, s, nl, 1)) left++;
        }
        expect(left).toBe(0);
      }
    }
  });

  it('on CRLF, a BOM, blank lines and repeated endpoints in another context', async () => {
    const lines = fixtureText(SAMPLES[0] as string)
      .trim()
      .split('\n');
    const text = `\ufeff${lines.join('\r\n')}\r\n\r\n  \n${lines.slice(0, 4).join('\n')}`;
    // 5 of the 10 lines and 2 of the first 4 carry "reply":true (grep -c).
    // Chunks of 1 and 2 bytes cut the BOM itself.
    for (const chunk of [1, 2, 7]) expect(await sameAsTextPath(text, { chunk })).toBe(7);
  });

  it('on lines it leaves to the text path: non-ASCII, escapes, bad JSON, other shapes', async () => {
    const good = fixtureText(SAMPLES[0] as string).split('\n')[2] as string;
    const lines = [
      edit(good, '"k8s:app=prometheus"', '"k8s:app=prométhéus"'),
      edit(good, '"TCP Flags: ACK, PSH"', '"TCP \\"Flags\\": ACK\\u0021"'),
      edit(good, '"source":{', '"sour\\u0063e":{'),
      edit(good, '"verdict":"FORWARDED"', '"verdict":"FORWARDED",'),
      edit(good, '"Type":"L3_L4"', '"Type":"L3\u0001L4"'),
      edit(good, '"ACK":true', '"ACK":tru'),
      good.slice(0, 700),
      ` ${good}`,
      `${good} `,
      edit(good, '{"flow":{', '{"flow":{"__proto__":{"x":1},'),
      '{"node_status":{"state_change":"NODE_CONNECTED"},"time":"2025-01-01T00:00:00Z"}',
      '{"lost_events":{"num_events_lost":"7"},"time":"2025-01-01T00:00:00Z"}',
      '{"flow":{"verdict":"FORWARDED"}}',
      '{"flow": [1,2]}',
      '[1]',
      'not json',
    ];
    // Records: the non-ASCII, escaped, escaped-key, space-padded and __proto__ lines.
    expect(await sameAsTextPath(lines.join('\n'), { chunk: 64 })).toBe(6);
  });

  it('on duplicate keys, camelCase, odd numbers and times, and deep skipped values', async () => {
    const good = fixtureText(SAMPLES[0] as string).split('\n')[2] as string;
    const time = '"time":"2021-06-16T16:52:13.142581500Z"';
    const deep = `${'['.repeat(80)}1${']'.repeat(80)}`;
    const lines = [
      edit(good, '{"flow":{', '{"flow":{"IP":{"source":"1.1.1.1"},"time":"x",'),
      edit(good, '{"flow":{', `{"flow":{"nested":${deep},`),
      edit(good, '{"flow":{', `{"flow":{"l4":{"UDP":${deep}},`),
      edit(good, time, '"time":"2021-06-16T18:52:13+02:00"'),
      edit(good, time, '"time":"2021-02-31T16:52:13Z"'),
      edit(good, time, '"time":"2021-13-01T00:00:00.5Z"'),
      edit(good, time, '"time":17'),
      good.replaceAll(time, '"time":"2021-06-16T16:52:13.999999999999999999Z"'),
      good.replaceAll(time, '"time":"2021-06-16T16:52:13.1\\u0032Z"'),
      edit(good, '"source_port":58698', '"source_port":"58698"'),
      edit(good, '"destination_port":15090', '"destination_port":1.509e4'),
      edit(good, '"identity":35369', '"identity":-0'),
      edit(good, '"flow":{', '"flow":{"isReply":false,"trafficDirection":"EGRESS",'),
      `{"time":"2021-06-16T16:52:13Z",${good.slice(1)}`,
      edit(good, '"node_name"', '"node_name":"a/b","node_name"'),
      `${good.slice(0, -1)},"flow":null}`,
    ];
    // Every line gives a record but the last (whose second "flow" is null) and the two whose
    // times do not exist (31 February, month 13): those are NP-RECORD-TIME on both paths.
    expect(await sameAsTextPath(lines.join('\n'), { chunk: 50 })).toBe(13);
  });

  it('on the reply mark: in the window, beyond it, in a skipped value and as a key', async () => {
    const reply = fixtureText(SAMPLES[0] as string).split('\n')[0] as string;
    const summary = '"Summary":"TCP Flags: ACK, FIN"';
    const lines = [
      reply,
      edit(reply, summary, `"Summary":"${'x'.repeat(1100)}"`),
      edit(reply, '"reply":true', '"reply":false,"x":{"isReply":true}'),
      edit(reply, '"reply":true', '"not_a_reply":true'),
      edit(reply, '"reply":true', '"reply": true'),
    ];
    const text = lines.join('\n');
    // Four lines show the mark; the second is a reply beyond the window (read, then dropped).
    expect(await sameAsTextPath(text, { chunk: 100 })).toBe(0);
    const dropped = await readAll(utf8(text));
    expect(dropped.result.replies).toBe(5);
    expect(await sameAsTextPath(text, { chunk: 100, keepReplies: true })).toBe(5);
  });

  it('on over-long lines, in bytes and in characters, across chunks', async () => {
    const good = fixtureText(SAMPLES[0] as string).split('\n')[2] as string;
    const summary = '"TCP Flags: ACK, PSH"';
    // 1,509 characters; `wide` has 1,500 more bytes than characters.
    const wide = edit(good, summary, `"${'é'.repeat(400)}"`);
    const long = edit(good, summary, `"${'x'.repeat(3000)}"`);
    const text = [good, wide, long, good, wide, long].join('\n');
    expect(wide.length).toBeLessThan(2000);
    expect(utf8(wide).length).toBeGreaterThan(2001);
    for (const chunk of [97, 4096]) {
      expect(await sameAsTextPath(text, { chunk, maxLineLength: 2000 })).toBe(4);
      expect(await sameAsTextPath(text, { chunk, maxLineLength: 1600 })).toBe(2);
    }
  });

  it('on random edits of sample lines (property)', async () => {
    const lines = SAMPLES.flatMap((f) => fixtureText(f).split('\n').slice(0, 6)).filter(Boolean);
    const edited = fc
      .tuple(
        fc.constantFrom(...lines),
        fc.nat(),
        fc.nat(),
        fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('"', '\\', '{', '}', ',', ':', '\n')),
      )
      .map(([l, a, b, insert]) => {
        const i = a % (l.length + 1);
        return l.slice(0, i) + insert + l.slice(Math.min(l.length, i + (b % 12)));
      });
    const text = fc.array(fc.oneof(edited, fc.constantFrom(...lines)), {
      minLength: 1,
      maxLength: 8,
    });
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (ls, keepReplies) => {
        await sameAsTextPath(`${lines[2]}\n${ls.join('\n')}`, { chunk: 509, keepReplies });
      }),
      { numRuns: 150 },
    );
  });
});

describe('byte path pieces', () => {
  it('readValue gives what JSON.parse gives, or leaves the value to it', () => {
    const scan = createScan();
    fc.assert(
      fc.property(fc.json({ stringUnit: 'binary-ascii', depthSize: 'medium' }), (json) => {
        const bytes = utf8(json);
        scanLine(scan, bytes, 0, bytes.length);
        const v = readValue(scan, 0);
        if (v === UNREADABLE) expect(json).toMatch(/\\|__proto__/);
        else {
          expect(v).toStrictEqual(JSON.parse(json));
          expect(scan.pos).toBe(bytes.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('isoTimeBytes agrees with parseIsoTime wherever it answers', () => {
    const days = createDayCache();
    const d = (n: number) =>
      fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
    const time = fc
      .tuple(
        d(4),
        d(2),
        d(2),
        d(2),
        d(2),
        d(2),
        fc.string({ unit: fc.constantFrom('0', '9', '5') }),
      )
      .map(([y, mo, dd, h, mi, s, f]) => `${y}-${mo}-${dd}T${h}:${mi}:${s}${f ? `.${f}` : ''}Z`);
    fc.assert(
      fc.property(time, (t) => {
        const bytes = utf8(t);
        const v = isoTimeBytes(bytes, 0, bytes.length, days);
        if (!Number.isNaN(v)) expect(v).toBe(parseIsoTime(t));
        else expect(parseIsoTime(t)).toBeNaN();
      }),
      { numRuns: 1000 },
    );
    const t = utf8('2024-05-06T10:00:00.296759985Z');
    expect(isoTimeBytes(t, 0, t.length, days)).toBe(Date.UTC(2024, 4, 6, 10, 0, 0, 296));
    const offset = utf8('2024-05-06T12:00:00+02:00');
    expect(isoTimeBytes(offset, 0, offset.length, days)).toBeNaN();
  });

  it('hasReplyMark finds the mark in the last 1024 bytes only', () => {
    const tail = '"is_reply":true,"Summary":"TCP Flags: ACK"}';
    const check = (s: string): boolean => {
      const b = utf8(s);
      return hasReplyMark(b, new DataView(b.buffer), 0, b.length);
    };
    expect(check(`{"a":1,${tail}`)).toBe(true);
    expect(check(`{${tail.replace('true', 'false')}`)).toBe(false);
    expect(check(`{"x":"${'y'.repeat(990)}",${tail}`)).toBe(true);
    expect(check(`{${tail.slice(0, 16)}"x":"${'y'.repeat(1010)}"}`)).toBe(false);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('e', 'p', 'l', 'y', '"', ':', 't', 'r', 'u') }),
        (s) => {
          const at = s.indexOf('eply":true', s.length - 1024);
          expect(check(s)).toBe(at >= 0);
        },
      ),
      { numRuns: 500 },
    );
    // Lines around the window's size, the mark anywhere in them, read from any offset: every
    // step of the eight-byte scan and its tail meets the mark.
    const filler = fc.string({
      unit: fc.constantFrom('a', 'y', 'e', '"', ':', 't'),
      maxLength: 1100,
    });
    fc.assert(
      fc.property(filler, fc.nat(1100), fc.nat(7), (f, cut, before) => {
        const s = f.slice(0, cut) + 'eply":true' + f.slice(cut);
        const line = 'x'.repeat(before) + s;
        const b = utf8(line);
        const got = hasReplyMark(b, new DataView(b.buffer), before, b.length);
        expect(got).toBe(s.indexOf('eply":true', s.length - 1024) >= 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('hasDnsMark finds `"dns":{` inside the line only, wherever the line lies in its bytes', () => {
    const unit = fc.constantFrom('"', 'd', 'n', 's', ':', '{', 'x', '\n');
    fc.assert(
      fc.property(
        fc.string({ unit }),
        fc.string({ unit }),
        fc.string({ unit }),
        (before, line, after) => {
          const b = utf8(before + line + after);
          const start = utf8(before).length;
          const end = start + utf8(line).length;
          const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
          expect(hasDnsMark(b, v, start, end)).toBe(line.includes('"dns":{'));
        },
      ),
      { numRuns: 1000 },
    );
    const line = utf8(`{"l7":{"dns":{"query":"a."}}}`);
    expect(hasDnsMark(line, new DataView(line.buffer), 0, line.length)).toBe(true);
    expect(hasDnsMark(line, new DataView(line.buffer), 0, 14)).toBe(true);
    expect(hasDnsMark(line, new DataView(line.buffer), 0, 13)).toBe(false);
    expect(hasDnsMark(line, new DataView(line.buffer), 7, line.length)).toBe(true);
    expect(hasDnsMark(line, new DataView(line.buffer), 8, line.length)).toBe(false);
  });
});
