/**
 * An import read by several parse workers (workers/parse.worker.ts): the page starts them and
 * hands the engine worker one MessagePort each; a big file is cut after newlines and its parts
 * read there at once (the engine's readImportInParts), while the file is hashed here. One
 * progress for all parts; a cancel stops every part. Returns null when the file is not worth
 * cutting (the import reads it whole, as before).
 */
import * as Comlink from 'comlink';
import {
  createContentHasher,
  readImportInParts,
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

/** Reads `file` in parts with the parse workers behind `workers.ports`; null: read it whole. */
export async function readWithParseWorkers(
  store: WorkspaceStore,
  file: Blob & { name: string },
  cluster: string,
  workers: ParseWorkers,
  opts: { signal: AbortSignal; sha256: Sha256; onProgress(bytes: number, records: number): void },
): Promise<PartsRead | null> {
  const remotes = workers.ports.map((p) => Comlink.wrap<ParseApi>(p));
  const free = [...remotes];
  const progress = new Map<string, [number, number]>();
  const report = (): void => {
    let bytes = 0;
    let records = 0;
    for (const [b, r] of progress.values()) [bytes, records] = [bytes + b, records + r];
    opts.onProgress(bytes, records);
  };
  const cancel = (): void => void remotes.forEach((r) => void r.cancel());
  opts.signal.addEventListener('abort', cancel, { once: true });
  const source: PartSource = {
    name: file.name,
    size: file.size,
    slice: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  };
  // Hashed beside the parts, once there are parts (a file read whole is hashed as it streams).
  let hashing: Promise<ContentHasher> | null = null;
  const reader: PartReader<PartSource> = {
    threads: remotes.length,
    partBytes: workers.partBytes,
    async read(part, inventory) {
      hashing ??= hashFile(file, opts.sha256, opts.signal);
      const remote = free.pop();
      if (!remote || !part.range || !part.format) throw new Error('no parse worker for a part');
      const key = part.range.join('-');
      try {
        return await remote.readPart(
          file,
          file.name,
          part.range,
          part.format,
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
    const shard = await readImportInParts(store, source, cluster, reader);
    if (!shard || !hashing) return null;
    return { shard, hasher: await hashing };
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
