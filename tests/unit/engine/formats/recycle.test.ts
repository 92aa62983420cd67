/**
 * ReadOptions.recycle: a chunk given back is never read again, so the caller may overwrite it
 * (the CLI reads the next bytes into it). Each chunk is scribbled over the moment it comes back;
 * the records, lines and diagnostics must be those of a read that recycles nothing.
 */
import { describe, expect, it } from 'vitest';
import { readInput } from '../../../../src/lib/engine/formats/index';
import { analyzeStreams, type AnalyzeInput } from '../../../../src/lib/engine/pipeline';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import { fixtureText, plain, streamOf, utf8 } from './fixtures';

async function read(bytes: Uint8Array, chunk: number, scribble: boolean, maxLineLength?: number) {
  const records: FlowRecord[] = [];
  let recycled = 0;
  const result = await readInput(streamOf(bytes, chunk, true), 'test', {
    onRecord: (r) => records.push(r),
    ...(maxLineLength !== undefined && { maxLineLength }),
    ...(scribble && {
      recycle: (c: Uint8Array) => {
        recycled++;
        // A byte that makes JSON and text fail loudly: '{' turns any kept line into garbage.
        c.fill(0x7b);
      },
    }),
  });
  return { result: plain(result), records: plain(records), recycled };
}

async function expectSame(bytes: Uint8Array, chunk: number, maxLineLength?: number) {
  const clean = await read(bytes, chunk, false, maxLineLength);
  const scribbled = await read(bytes, chunk, true, maxLineLength);
  expect(scribbled.recycled).toBeGreaterThan(0);
  expect(scribbled.result).toEqual(clean.result);
  expect(scribbled.records).toEqual(clean.records);
  return clean;
}

const HUBBLE = fixtureText('hubble/hubble-otel_basic-sample-400-tcp-flows.json');

describe('readInput: recycled chunks', () => {
  it('reads Hubble lines cut anywhere across chunks the same as without recycling', async () => {
    for (const chunk of [97, 1000, 4096]) {
      const { records } = await expectSame(utf8(HUBBLE), chunk);
      expect(records.length).toBe(268);
    }
  });

  it('keeps lone CRs, CRLF and a line left to the text parser intact', async () => {
    // Past the head detection reads (its chunks come back once the byte path has them).
    const lines = HUBBLE.split('\n').slice(0, 200);
    // Lines the byte path leaves (non-ASCII) and mixed line ends.
    for (const i of [3, 120, 121])
      lines[i] = (lines[i] ?? '').replace('"Summary":"', '"Summary":"ñ€😀 ');
    const text = lines
      .map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\r' : '\n'))
      .join('');
    for (const chunk of [61, 513]) await expectSame(utf8(text), chunk);
  });

  it('keeps a multi-byte character cut at a chunk end once a long line hands over to text', async () => {
    const lines = HUBBLE.split('\n').slice(0, 200);
    // Longer than the limit before its newline: the rest of the input goes to the text splitter.
    lines[100] = `{"flow":{"Summary":"${'é😀'.repeat(3000)}"}}`;
    const text = lines.join('\n') + '\n';
    for (const chunk of [257, 1001]) {
      const { result } = await expectSame(utf8(text), chunk, 4000);
      expect(result.diagnostics.map((d: { code: string }) => d.code)).toContain('NP-LINE-TOO-LONG');
    }
  });

  it('reads text formats, JSON documents and dumps the same when their chunks come back', async () => {
    for (const rel of [
      'aws-vpc/awsdocs_vpcflow-v3-tcpflags.log',
      'kubectl-dumps/online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_ns_list.yaml',
      'kubectl-dumps/test_with_named_ports_ns_list.json',
    ]) {
      const text = fixtureText(rel);
      // Non-ASCII cut at chunk ends: the decoder carries a copy, not the chunk.
      const withAccents = text.replace(/\n/, ' # é😀€\n');
      for (const chunk of [7, 100, 1000]) {
        const { result } = await expectSame(utf8(withAccents), chunk);
        expect(result.kind).not.toBe('unknown');
      }
    }
  });
});

/** An input whose every chunk is a Buffer of its own, scribbled over when it comes back. */
function input(bytes: Uint8Array, chunk: number, once: boolean, counts?: { recycled: number }) {
  const i: AnalyzeInput = { name: 'in', open: () => streamOf(bytes, chunk, true) };
  if (once) i.once = true;
  if (counts)
    i.recycle = (c) => {
      counts.recycled++;
      c.fill(0x7b);
    };
  return i;
}

describe('analyzeStreams: recycled chunks', () => {
  it('gives the same answer when the sniff’s and the flow pass’s chunks come back, once or not', async () => {
    const dump = utf8(fixtureText('kubectl-dumps/test_with_named_ports_ns_list.json'));
    const flows = utf8(HUBBLE);
    for (const once of [false, true])
      for (const chunk of [333, 4096]) {
        const clean = await analyzeStreams([input(dump, chunk, once), input(flows, chunk, once)]);
        const counts = { recycled: 0 };
        const scribbled = await analyzeStreams([
          input(dump, chunk, once, counts),
          input(flows, chunk, once, counts),
        ]);
        expect(counts.recycled).toBeGreaterThan(0);
        expect(JSON.stringify(plain(scribbled))).toBe(JSON.stringify(plain(clean)));
      }
  });
});
