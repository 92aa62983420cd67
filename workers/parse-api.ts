/**
 * The parse worker's API (workers/parse.worker.ts), called by the engine worker over a
 * MessagePort the page handed it: reads a part of an imported file — a byte range cut after a
 * newline, in the format the whole file was detected as, or the whole file — with the engine's
 * readShard, and answers the part's shard; nothing is stored here. `cancel` stops the part
 * being read.
 */
import {
  indexInventory,
  readShard,
  type FormatId,
  type Inventory,
  type PartShard,
} from '$lib/engine';

let controller: AbortController | null = null;

export const parseApi = {
  async readPart(
    file: Blob,
    name: string,
    range: [number, number] | null,
    format: FormatId | null,
    inventory: Inventory,
    onProgress?: (bytesRead: number, records: number) => void,
  ): Promise<PartShard> {
    controller = new AbortController();
    const bytes = range ? file.slice(range[0], range[1]) : file;
    const r = await readShard(bytes.stream(), name, {
      cluster: inventory.cluster,
      index: indexInventory(inventory),
      ...(format && { format }),
      signal: controller.signal,
      ...(onProgress && { onProgress }),
    });
    controller = null;
    return { read: r.read, shard: r.shard, ...(r.stats && { stats: r.stats }) };
  },
  cancel(): void {
    controller?.abort();
  },
};

export type ParseApi = typeof parseApi;
