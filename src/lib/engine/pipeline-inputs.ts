/**
 * The pipeline's inputs before they are read (pipeline.ts): copies left out by content hash
 * (DESIGN.md "Same file twice"), and the sniff's stream that stops at the first record. A file
 * is hashed before anything reads it. An input read once (a pipe, a FIFO, standard input)
 * cannot be: its bytes are hashed as the sniff and the flow pass read them, and it is judged
 * once its last byte is read — the pipeline keeps its flows apart until then, and drops them
 * when it turns out to be a copy.
 */
import type { Diagnostic } from './model/diagnostic';
import { DIAGNOSTIC_CODES } from './model/diagnostic';
import {
  createContentHasher,
  hashingStream,
  hashStream,
  type ContentHasher,
  type Sha256,
} from './io/content-hash';
import type { AnalyzeInput } from './pipeline';

export interface InputCopies {
  /** The inputs to read, in order; an input read once comes wrapped (its bytes are hashed). */
  unique: AnalyzeInput[];
  /** An info diagnostic for each input left out as a copy (growing as `isCopy` finds more). */
  duplicates: Diagnostic[];
  /** Whether the input is judged only once it is read (an input read once, being hashed). */
  deferred(input: AnalyzeInput): boolean;
  /**
   * For a deferred input read to its end: whether it copies an earlier input (its diagnostic
   * is then added to `duplicates`). False for any other input, and for one not read to its end.
   */
  isCopy(input: AnalyzeInput): Promise<boolean>;
}

/** Every input kept, none judged later (no SHA-256 given). */
export function keepAll(inputs: AnalyzeInput[]): InputCopies {
  return {
    unique: inputs,
    duplicates: [],
    deferred: () => false,
    isCopy: () => Promise.resolve(false),
  };
}

/** The inputs with a later copy of an earlier one's content left out (and reported). */
export async function withoutCopies(inputs: AnalyzeInput[], sha256: Sha256): Promise<InputCopies> {
  const first = new Map<string, string>();
  const unique: AnalyzeInput[] = [];
  const duplicates: Diagnostic[] = [];
  const hashers = new Map<AnalyzeInput, ContentHasher>();
  const copyOf = (hash: string, name: string): string | undefined => {
    const earlier = first.get(hash);
    if (earlier === undefined) first.set(hash, name);
    else
      duplicates.push({
        code: DIAGNOSTIC_CODES.DUPLICATE_INPUT,
        severity: 'info',
        message: `same content as ${earlier}: ignored, its flows are counted once`,
        file: name,
        line: null,
      });
    return earlier;
  };
  // Same content means same size: a file whose size no other input has is no copy, and is not
  // read twice (the hash pass cost a tenth of analyze's time on one big capture). An input read
  // once has no size before it is read, so with one every input is hashed.
  const sizes = new Map<number, number>();
  for (const i of inputs) if (i.size !== undefined) sizes.set(i.size, (sizes.get(i.size) ?? 0) + 1);
  const alone = (i: AnalyzeInput): boolean =>
    i.size !== undefined && sizes.get(i.size) === 1 && !inputs.some((x) => x.once);
  for (const input of inputs) {
    if (alone(input)) {
      unique.push(input);
    } else if (input.once) {
      const hasher = createContentHasher(sha256);
      const wrapped: AnalyzeInput = { ...input, open: () => hashingStream(input.open(), hasher) };
      hashers.set(wrapped, hasher);
      unique.push(wrapped);
    } else if (copyOf(await hashStream(input.open(), sha256), input.name) === undefined) {
      unique.push(input);
    }
  }
  return {
    unique,
    duplicates,
    deferred: (input) => hashers.has(input),
    async isCopy(input) {
      const hasher = hashers.get(input);
      if (!hasher?.ended) return false;
      hashers.delete(input);
      return copyOf(await hasher.digest(), input.name) !== undefined;
    },
  };
}

/**
 * A stream that ends early once `stop()` is called (without `keep`, its source is cancelled
 * then): the sniff pass reads a flow file only up to its first record, without an
 * AbortController (the engine declares no DOM globals). With
 * `keep`, the chunks it passed on are kept and the source left open: `rest()` is then the
 * whole input again (kept chunks first, then the unread remainder), for inputs read once.
 */
export function cuttable(
  source: ReadableStream<Uint8Array>,
  keep: boolean,
): {
  stream: ReadableStream<Uint8Array>;
  stop(): void;
  release(): void;
  rest(): ReadableStream<Uint8Array>;
} {
  const reader = source.getReader();
  let kept: Uint8Array[] = [];
  let stopped = false;
  /**
   * The read the stream's pull has under way. The stream pulls a chunk ahead, so when the sniff
   * stops, a read may still wait for the source's next chunk (a pipe whose writer has not sent
   * it yet): that chunk comes before anything `rest()` reads, and goes to `kept` first.
   */
  let inFlight: Promise<Uint8Array | null> | null = null;
  /** The source's next chunk (null at its end), kept first when `keep`. */
  const readAhead = async (): Promise<Uint8Array | null> => {
    const next = await reader.read();
    if (next.done) return null;
    if (keep) kept.push(next.value);
    return next.value;
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!stopped) {
        inFlight = readAhead();
        let chunk: Uint8Array | null;
        try {
          chunk = await inFlight;
        } finally {
          inFlight = null;
        }
        if (chunk) return controller.enqueue(chunk);
      } else if (!keep) await reader.cancel().catch(() => undefined);
      controller.close();
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const rest = (): ReadableStream<Uint8Array> =>
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        // Its chunk is kept (above) before this read goes on.
        if (inFlight) await inFlight.catch(() => undefined);
        const k = kept.shift();
        if (k) return controller.enqueue(k);
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
  const release = (): void => {
    kept = [];
    if (keep) void reader.cancel().catch(() => undefined);
  };
  const stop = (): void => {
    stopped = true;
    // Nothing reads on after the sniff's first record (ReadOptions.stopWhen): close the source.
    if (!keep) void reader.cancel().catch(() => undefined);
  };
  return { stream, stop, release, rest };
}
