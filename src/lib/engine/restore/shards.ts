/**
 * A storage's rows of a cluster's completed imports read back as the workspace's shards
 * (workspace/store.ts): grouped by import, oldest first, every row through its table's restorer
 * (contents.ts), so a row written by an older version, or damaged, cannot break a query — what
 * cannot be used is left out and said in the shard's problems, named after the import's file.
 */
import { restoreAggregate } from '../aggregate/restore';
import type { CommAggregate } from '../model/communication';
import type { StoredShard } from '../workspace/store';
import { restoreInventoryRecord, restoreNameRecord } from './contents';
import { isRec, leftOut } from './problems';

/** The rows of a cluster's content tables, as read (anything). */
export interface RawContents {
  inventories: readonly unknown[];
  aggregates: readonly unknown[];
  names: readonly unknown[];
}

/** The imports' shards (in the order given); rows of other imports are not theirs. */
export function restoreShards(
  imports: readonly { id: string; name: string }[],
  raw: RawContents,
): StoredShard[] {
  const byId = new Map(
    imports.map((i) => [
      i.id,
      {
        name: i.name,
        shard: {
          inventory: null,
          aggregates: [],
          names: [],
          problems: [],
        } as Required<StoredShard>,
        bad: 0,
      },
    ]),
  );
  const of = (row: unknown) => byId.get(isRec(row) ? (row.importId as string) : '');
  for (const row of raw.inventories) {
    const s = of(row);
    if (!s) continue;
    const r = restoreInventoryRecord(row, s.name);
    s.shard.inventory = r.value?.inventory ?? null;
    s.shard.problems.push(...r.problems);
  }
  for (const row of raw.aggregates) {
    const s = of(row);
    if (!s) continue;
    const a: CommAggregate | null = restoreAggregate(row);
    if (a) s.shard.aggregates.push(a);
    else s.bad++;
  }
  for (const row of raw.names) {
    const s = of(row);
    if (!s) continue;
    const r = restoreNameRecord(row, s.name);
    s.shard.names = r.value?.names ?? [];
    s.shard.problems.push(...r.problems);
  }
  return [...byId.values()].map(({ name, shard, bad }) => {
    const problems = [...shard.problems, ...leftOut(name, bad, 'stored communication')];
    const { inventory, aggregates, names } = shard;
    return problems.length > 0
      ? { inventory, aggregates, names, problems }
      : { inventory, aggregates, names };
  });
}
