/**
 * A workspace store in memory (store.ts): the CLI's and the tests' binding. Shards are added
 * as imports complete; decisions are kept by workload, the last saved winning.
 */
import { sameWorkload } from '../model/ids';
import type { Decisions } from '../policy/decisions';
import type { StoredShard, WorkspaceStore } from './store';

export interface MemoryStore extends WorkspaceStore {
  /** Adds a completed import of `cluster`. */
  addShard(cluster: string, shard: StoredShard): void;
  /** Stores a workload's decisions (replacing its earlier ones). */
  saveDecisions(cluster: string, d: Decisions): void;
}

export function memoryStore(): MemoryStore {
  const shards = new Map<string, StoredShard[]>();
  const decisions = new Map<string, Decisions[]>();
  let version = 0;
  return {
    signature: (cluster) => Promise.resolve(`${cluster}|${version}`),
    shards: (cluster) => Promise.resolve([...(shards.get(cluster) ?? [])]),
    decisions: (cluster) => Promise.resolve([...(decisions.get(cluster) ?? [])]),
    addShard(cluster, shard) {
      shards.set(cluster, [...(shards.get(cluster) ?? []), shard]);
      version++;
    },
    saveDecisions(cluster, d) {
      const others = (decisions.get(cluster) ?? []).filter(
        (x) => !sameWorkload(x.workload, d.workload),
      );
      decisions.set(cluster, [...others, d]);
    },
  };
}
