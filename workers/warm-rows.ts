/**
 * The rows a first choice among a workload list would send, packed while the page waits for the
 * user. The workload list keeps its scope's rows (the workspace's `wholeRows`), and a
 * workload's or a namespace's rows are those rows taken in part — the same array whenever they
 * are asked (aggregate/narrow.ts) — so their packed text (`packedRows`, kept per rows array)
 * can be made before the choice: packing 10,000 rows cost the worker about 50 ms of a first
 * choice in Chromium, before the table could be painted. At most `WARM_ROWS` rows in all (a
 * namespace's and each of its workloads' hold the same rows twice); a Service's rows are their
 * own query.
 */
import type { ScopeQuery, WorkloadSummary, Workspace } from '$lib/engine';
import { packedRows } from './packed-rows';

export const WARM_ROWS = 40_000;

export async function warmRows(
  w: Workspace,
  q: ScopeQuery,
  list: readonly WorkloadSummary[],
  limit = WARM_ROWS,
): Promise<void> {
  if (q.entity === 'Service') return;
  const listed = list.filter((s) => s.ingress + s.egress > 0);
  // The namespace's review (for a list of the whole cluster, each namespace's with rows), then
  // each listed workload's rows.
  const namespaces =
    q.namespace !== undefined
      ? [q.namespace]
      : [
          ...new Set(
            (await w.scopeCommunications({ ...q, entity: 'all' })).map((r) => r.workload.namespace),
          ),
        ];
  const asks = [
    ...namespaces.map(
      (namespace) => () => w.scopeCommunications({ ...q, namespace, entity: 'all' }),
    ),
    ...listed.map((s) => () => w.workloadCommunications({ ...q, workload: s.workload })),
  ];
  let total = 0;
  for (const ask of asks) {
    const rows = await ask();
    total += rows.length;
    if (total > limit) return;
    packedRows(rows);
  }
}
