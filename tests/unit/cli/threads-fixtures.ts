/**
 * What the `--threads` tests share: the sample captures and dump, a scratch folder, and small
 * parts (NETPOLISH_PART_BYTES) so the samples are cut and real worker threads run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { analyzeStreams, type AnalyzeInput, type PartReader } from '../../../src/lib/engine/index';

export const ROOT = relative(process.cwd(), join(__dirname, '../../..'));
const SAMPLES = join(ROOT, 'static/samples');
export const DUMP = join(SAMPLES, 'bookinfo-kind_cluster-dump.json');
export const TCP = join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json');
export const UDP = join(SAMPLES, 'hubble-otel_basic-sample-400-udp-flows.json');

/** Parts of 20,000 bytes and a scratch folder for the file's tests (`dir()` once they run). */
export function threadsTestSetup(prefix: string, setup: (dir: string) => void): () => string {
  let dir = '';
  const before = process.env.NETPOLISH_PART_BYTES;
  beforeAll(() => {
    process.env.NETPOLISH_PART_BYTES = '20000';
    dir = mkdtempSync(join(tmpdir(), prefix));
    setup(dir);
  });
  afterAll(() => {
    if (before === undefined) delete process.env.NETPOLISH_PART_BYTES;
    else process.env.NETPOLISH_PART_BYTES = before;
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** The parts `reader` was asked for (`name range|whole`, sorted) reading `inputs`, whose
 * result equals one thread's. */
export async function partsSeen(
  inputs: AnalyzeInput[],
  reader: PartReader<AnalyzeInput>,
): Promise<string[]> {
  const seen: string[] = [];
  const parted = await analyzeStreams(inputs, {
    parts: {
      ...reader,
      read: (p, inv) => {
        seen.push(`${p.input.name} ${p.range ? 'range' : 'whole'}`);
        return reader.read(p, inv);
      },
    },
  });
  expect(parted).toEqual(await analyzeStreams(inputs));
  return seen.sort();
}
