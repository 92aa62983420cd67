import { describe, expect, it } from 'vitest';
import { readInput } from '../../../../src/lib/engine/formats/index';
import { fixtureBytes, streamOf } from './fixtures';

/** Line formats with and without a byte line parser, and a JSON array read as documents. */
const FILES = [
  ['hubble/hubble-otel_basic-sample-400-tcp-flows.json', 'hubble-jsonpb'],
  ['aws-vpc/awsdocs_vpcflow-v2-default.log', 'aws-vpc'],
  ['gcp-vpc/gcloud-array-synthetic.json', 'gcp-vpc'],
] as const;

/** Reads `rel` until its first record, in chunks of `chunk` bytes; counts what was built. */
async function untilFirst(rel: string, chunk: number) {
  const bytes = fixtureBytes(rel);
  let records = 0;
  let cancelled = false;
  const inner = streamOf(bytes, chunk).getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(c) {
      const next = await inner.read();
      if (next.done) c.close();
      else c.enqueue(next.value);
    },
    cancel: () => void (cancelled = true),
  });
  const result = await readInput(stream, rel, {
    onRecord: () => void records++,
    keepReplies: true,
    stopWhen: () => records > 0,
  });
  return { result, records, cancelled };
}

describe('readInput: stopWhen', () => {
  for (const [rel, format] of FILES) {
    for (const chunk of [1 << 20, 64]) {
      it(`parses nothing after the first record: ${format}, chunks of ${chunk} bytes`, async () => {
        const all = await readInput(streamOf(fixtureBytes(rel), chunk), rel, {
          onRecord: () => undefined,
          keepReplies: true,
        });
        expect(all.records).toBeGreaterThan(1);
        const { result, records, cancelled } = await untilFirst(rel, chunk);
        expect(records).toBe(1);
        expect(result.records).toBe(1);
        expect(result.format).toBe(format);
        expect(result.lineParts).toBe(all.lineParts);
        // The stream is left to its owner: the pipeline's sniff reads on from it (`once`).
        expect(cancelled).toBe(false);
      });
    }
  }
});
