/**
 * The storage a workspace (workspace.ts) reads: the completed imports of a cluster and the
 * user's stored decisions, nothing more. The app binds it to IndexedDB (src/lib/db/store.ts),
 * the CLI and the tests to memory (memory.ts). Each completed import is one shard: its own
 * inventory or its own aggregates and names, merged by the engine at query time, so shards
 * read by several workers merge the same way as files imported one after another.
 */
import type { CommAggregate } from '../model/communication';
import type { Diagnostic } from '../model/diagnostic';
import type { Inventory } from '../model/k8s';
import type { IpName } from '../model/names';
import type { Decisions } from '../policy/decisions';

/** What one completed import contributed. */
export interface StoredShard {
  /** The inventory of a metadata import (null for flows). */
  inventory: Inventory | null;
  /** The aggregates of a flow import (empty for metadata). */
  aggregates: CommAggregate[];
  /** Names of IPs the import carried (DNS answers). */
  names: IpName[];
  /** What was left out when the import's stored rows were read back (engine restore/). */
  problems?: Diagnostic[];
}

export interface WorkspaceStore {
  /**
   * A string that changes whenever the cluster's completed imports change (an import done or
   * removed, in any tab): the workspace keeps its merged data while it stays the same.
   */
  signature(cluster: string): Promise<string>;
  /**
   * The cluster's completed imports, oldest first; with `flows: false` their aggregates and
   * names may be left empty (an import needs only the inventory known so far).
   */
  shards(cluster: string, opts?: { flows?: boolean }): Promise<StoredShard[]>;
  /** Every stored decision of the cluster (already restored). */
  decisions(cluster: string): Promise<Decisions[]>;
  /**
   * What was left out when the cluster's stored choices (its decisions, its settings, the
   * preferences) were read back; none when the store holds only restored values (memory).
   */
  problems?(cluster: string): Promise<Diagnostic[]>;
  /** The stored decisions of one workload, or null. */
  decisionsOf?(cluster: string, workload: Decisions['workload']): Promise<Decisions | null>;
}
