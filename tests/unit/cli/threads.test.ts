/**
 * `--threads N`: worker threads read the flow files — big plain files cut after newlines, gzip
 * and pcap whole, several files at once — and the CLI prints exactly what `--threads 1` prints
 * (communications, undetermined rows, diagnostics with their file and line). The parts are
 * kept small (NETPOLISH_PART_BYTES) so the samples are cut, and real worker threads run.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeStreams, type AnalyzeInput } from '../../../src/lib/engine/index';
import { openStream, readSlice, type InputFile } from '../../../src/cli/io';
import { PART_WORKER_YOUNG_MB, workerParts } from '../../../src/cli/threads';
import { runCli } from './run-cli';
import { DUMP, partsSeen, ROOT, TCP, threadsTestSetup, UDP } from './threads-fixtures';

const PCAP = join(ROOT, 'tests/fixtures/analyze/pcap-dns-names/zeek-traces_wikipedia.pcap');

let broken = '';
let gz = '';

threadsTestSetup('netpolish-threads-', (dir) => {
  // Bad lines late in the file: their line numbers must count the parts before them.
  const lines = readFileSync(TCP, 'utf8').trimEnd().split('\n');
  for (const at of [50, 300, 390]) lines.splice(at, 0, '{"flow": {"cut here');
  broken = join(dir, 'broken.json');
  writeFileSync(broken, lines.join('\n') + '\n');
  gz = join(dir, 'udp.json.gz');
  writeFileSync(gz, gzipSync(readFileSync(UDP)));
});

describe('netpolish analyze --threads', () => {
  it('prints what one thread prints: cut files, gzip, pcap, several files at once', async () => {
    const args = ['analyze', '--metadata', DUMP, '--flows', broken, gz, UDP, PCAP, '--json'];
    const one = await runCli(...args, '--threads', '1');
    expect(one.code).toBe(0);
    const diagnostics = JSON.parse(one.out).diagnostics as { file: string; line: number }[];
    expect(diagnostics.filter((d) => d.file === broken).map((d) => d.line)).toEqual([51, 301, 391]);
    for (const n of ['2', '3']) {
      const many = await runCli(...args, '--threads', n);
      expect({ code: many.code, err: many.err }).toEqual({ code: 0, err: one.err });
      expect(JSON.parse(many.out)).toEqual(JSON.parse(one.out));
    }
  });

  it('refuses a thread count that is not a number from 1 to 64', async () => {
    for (const bad of ['0', 'two', '65', '1.5']) {
      const r = await runCli('analyze', '--flows', TCP, '--threads', bad);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`--threads '${bad}' is not a number from 1 to 64`);
    }
  });

  it('worker threads read the parts: ranges of a cut file and whole files', async () => {
    const files = [DUMP, TCP, gz].map((p): InputFile => ({
      name: p,
      path: p,
      size: statSync(p).size,
    }));
    const byInput = new Map<AnalyzeInput, InputFile>();
    const inputs = files.map((f) => {
      const input: AnalyzeInput = {
        name: f.name,
        open: () => openStream(f),
        size: f.size,
        slice: (s, e) => readSlice(f, s, e),
      };
      byInput.set(input, f);
      return input;
    });
    const reader = workerParts(2, byInput, { stages: false });
    try {
      const seen = await partsSeen(inputs, reader);
      expect(seen).toEqual([`${gz} whole`, `${TCP} range`, `${TCP} range`]);
    } finally {
      await reader.close();
    }
    // The main thread is one of the two: it reads parts too, beside one worker thread.
    expect(reader.counts.here).toBeGreaterThan(0);
    expect(reader.counts.workers).toBe(1);
  });

  it('started early, the workers get the inventory with their first part', async () => {
    const f: InputFile = { name: TCP, path: TCP, size: statSync(TCP).size };
    const input: AnalyzeInput = {
      name: f.name,
      open: () => openStream(f),
      size: f.size,
      slice: (s, e) => readSlice(f, s, e),
    };
    const dump: AnalyzeInput = { name: DUMP, open: () => openStream({ path: DUMP }) };
    const reader = workerParts(3, new Map([[input, f]]), { prestart: true });
    try {
      expect(reader.counts.workers).toBe(2);
      const whole = await analyzeStreams([dump, input]);
      const parted = await analyzeStreams([dump, input], { parts: reader });
      expect(parted).toEqual(whole);
      expect(reader.counts.workers).toBe(2);
      // A small young generation (fewer fresh pages to fault in), not the engine's default.
      expect(reader.counts.youngMb).toEqual([PART_WORKER_YOUNG_MB, PART_WORKER_YOUNG_MB]);
      expect(PART_WORKER_YOUNG_MB).toBeLessThan(16);
    } finally {
      await reader.close();
    }
  });

  it('says whether the workers started have loaded their code, waiting at most as asked', async () => {
    const f: InputFile = { name: TCP, path: TCP, size: statSync(TCP).size };
    const input: AnalyzeInput = { name: f.name, open: () => openStream(f), size: f.size };
    const reader = workerParts(3, new Map([[input, f]]), { prestart: true });
    try {
      // Just started: a thread takes far longer than this to load its code.
      expect(reader.loadedWithin(0)).toBe(false);
      // The test thread blocks until both have (from the sources, through tsx: seconds).
      expect(reader.loadedWithin(45_000)).toBe(true);
      expect(reader.loadedWithin(0)).toBe(true);
    } finally {
      await reader.close();
    }
  });
});
