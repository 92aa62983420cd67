/** Helpers of the parts' and stages' tests: streams of bytes in chunks, reads in parts. */
import fc from 'fast-check';

/**
 * `bytes` in chunks of `chunk`, each given when the reader asks for it, as a file stream does
 * (enqueueing them all at once would make Node's stream queue, an array shifted per read,
 * quadratic: 2-byte chunks of the 585 KB Hubble sample took 40 s); with `failAt`, an error
 * once that many bytes were given (a disk gone mid-file).
 */
export function chunked(
  bytes: Uint8Array,
  chunk: number,
  failAt = Infinity,
): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i >= failAt) return c.error(new Error('disk gone'));
      if (i >= bytes.length) return c.close();
      c.enqueue(bytes.slice(i, i + chunk));
      i += chunk;
    },
  });
}

/** A read in parts through the pipeline: a sample of `files`, threads, part and chunk sizes. */
export function partedRead(files: string[]): fc.Arbitrary<[string, number, number, number]> {
  return fc.tuple(
    fc.constantFrom(...files),
    fc.integer({ min: 2, max: 5 }),
    fc.integer({ min: 1, max: 4000 }),
    fc.integer({ min: 1, max: 8192 }),
  );
}
