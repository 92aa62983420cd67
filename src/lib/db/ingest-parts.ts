/**
 * Imports read by several parse workers (workers/parse.worker.ts): the page starts them and
 * hands the engine worker one MessagePort each; the files of a drop are read there at once —
 * small ones whole, one per worker, big ones cut after newlines (the engine's
 * readImportsInParts) — while each file is hashed here. One progress for all parts of all
 * files; a cancel stops every part. Returns null when the files are not worth the workers
 * (they are read in turn, as before).
 */
import * as Comlink from 'comlink';
import {
  createContentHasher,
  readImportsInParts,
  type ContentHasher,
  type PartReader,
  type PartSource,
  type ReadShard,
  type Sha256,
  type WorkspaceStore,
} from '$lib/engine';
import type { ParseApi } from '$workers/parse-api';

/** Parse workers lent to an import: their ports, and the smallest part worth a worker. */
export interface ParseWorkers {
  ports: MessagePort[];
  partBytes: number;
}

export interface PartsRead {
  shard: ReadShard;
  hasher: ContentHasher;
}

type FileSource<F> = PartSource & { file: F };

/**
 * Reads `files` with the parse workers behind `workers.ports`, several at once and big ones in
 * parts: per file, its shard and content hash; null: read them in turn.
 */
export async function readWithParseWorkers<F extends Blob & { name: string }>(
  store: WorkspaceStore,
  files: F[],
  cluster: string,
  workers: ParseWorkers,
  opts: { signal: AbortSignal; sha256: Sha256; onProgress(bytes: number, records: number): void },
): Promise<Map<F, PartsRead> | null> {
  const remotes = workers.ports.map((p) => Comlink.wrap<ParseApi>(p));
  const free = [...remotes];
  const progress = new Map<number, [number, number]>();
  const report = (): void => {
    let bytes = 0;
    let records = 0;
    for (const [b, r] of progress.values()) [bytes, records] = [bytes + b, records + r];
    opts.onProgress(bytes, records);
  };
  const cancel = (): void => void remotes.forEach((r) => void r.cancel());
  opts.signal.addEventListener('abort', cancel, { once: true });
  const sources: FileSource<F>[] = files.map((file) => ({
    file,
    name: file.name,
    size: file.size,
    slice: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  }));
  // Each file hashed beside its parts, once it has parts (a file read in turn is hashed as it streams).
  const hashing = new Map<FileSource<F>, Promise<ContentHasher>>();
  let parts = 0;
  const reader: PartReader<FileSource<F>> = {
    threads: remotes.length,
    partBytes: workers.partBytes,
    async read(part, inventory) {
      // A part not started yet stays so once the import is cancelled.
      if (opts.signal.aborted) throw new Error('aborted');
      const { file } = part.input;
      if (!hashing.has(part.input))
        hashing.set(part.input, hashFile(file, opts.sha256, opts.signal));
      const remote = free.pop();
      if (!remote) throw new Error('no parse worker for a part');
      const key = parts++;
      try {
        return await remote.readPart(
          file,
          file.name,
          part.range ?? null,
          part.format ?? null,
          inventory,
          Comlink.proxy((bytes: number, records: number) => {
            progress.set(key, [bytes, records]);
            report();
          }),
        );
      } finally {
        free.push(remote);
      }
    },
  };
  try {
    const shards = await readImportsInParts(store, sources, cluster, reader);
    if (!shards) return null;
    if (opts.signal.aborted) throw new Error('aborted');
    const out = new Map<F, PartsRead>();
    for (const [source, shard] of shards)
      out.set(source.file, { shard, hasher: await hashing.get(source)! });
    return out;
  } finally {
    opts.signal.removeEventListener('abort', cancel);
    for (const r of remotes) r[Comlink.releaseProxy]();
  }
}

/** The file's content hash, read beside the parts (ended: false when cancelled). */
async function hashFile(file: Blob, sha256: Sha256, signal: AbortSignal): Promise<ContentHasher> {
  const hasher = createContentHasher(sha256);
  const reader = file.stream().getReader();
  for (;;) {
    if (signal.aborted) {
      await reader.cancel();
      return hasher;
    }
    const next = await reader.read();
    if (next.done) break;
    await hasher.update(next.value);
  }
  hasher.ended = true;
  return hasher;
}
