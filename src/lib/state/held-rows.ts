/**
 * The rows of the review's last few queries, kept on the page with their version (the worker's
 * `reviewRows`): a query asked again sends the version held, and an answer without rows means
 * the rows held are still the query's. The same row objects then come back — the tables' sort,
 * search texts and cell texts, remembered per row or per array, are not made again.
 */
import { setNewest, type Communication, type WorkloadRef } from '$lib/engine';
import type { ReviewRows } from '$workers/engine-api';
import { unpackRows } from '$workers/packed-rows';

/** What a review query's answer keeps: its rows and (a namespace's) workloads. */
export interface Held {
  version: string;
  rows: Communication[];
  workloads: WorkloadRef[];
}

export class HeldRows {
  /** By query (its JSON), the least recently used first. */
  private readonly byQuery = new Map<string, Held>();

  /** @param limit how many queries' rows are kept. */
  constructor(private readonly limit = 4) {}

  /** The rows held for `query`, if any: their version goes with the question. */
  get(query: object): Held | undefined {
    return this.byQuery.get(JSON.stringify(query));
  }

  /**
   * The rows of an answer to `query` asked with `held`'s version (and `base`'s, rows of another
   * query the answer may patch): its own, `held`'s (an answer without rows), or `base`'s with
   * the rows that changed replaced — the others stay the same objects, so what is remembered
   * per row (cell and search texts) stays. Kept as the query's latest.
   */
  keep(query: object, answer: ReviewRows, held: Held | undefined, base?: Held): Held {
    let rows: Held;
    if (answer.rowsJson !== undefined) {
      const list = unpackRows(answer.rowsJson);
      rows = { version: answer.version, rows: list, workloads: answer.workloads ?? [] };
    } else if (answer.patch !== undefined && base?.version === answer.patch.base) {
      const list = base.rows.slice();
      const changed = unpackRows(answer.patch.changedJson);
      answer.patch.changed.forEach((i, n) => (list[i] = changed[n]!));
      rows = { version: answer.version, rows: list, workloads: answer.workloads ?? base.workloads };
    } else if (held?.version === answer.version) rows = held;
    else throw new Error("The review's rows did not come (their version changed).");
    const id = JSON.stringify(query);
    setNewest(this.byQuery, id, rows, this.limit);
    return rows;
  }
}
