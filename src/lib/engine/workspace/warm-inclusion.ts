/**
 * A bulk inclusion's policy made ahead. The first inclusion of a workload's 10,000 addresses
 * translated every row in the policy context, made every peer's sort key and printed and
 * validated every ipBlock for the first time — the slowest of its rounds in the ui-browser bench,
 * its p95 — where a later inclusion finds them in the memos that keep them (each row's
 * translation per context: incremental.ts; each peer's key and CIDR's sort key: rules.ts; each
 * ipBlock's YAML and validation by content: doc-parts.ts) and costs about a third. So, in an
 * idle moment after a policy is verified, the worker makes the policy of each large workload of
 * the request with every row of its table included — the IR, its documents in the request's
 * dialect and the replay of the workload's rows through them (JIT-compiled paths, each row's
 * open verdict per inclusion: verify.ts), then dropped: the review's own memos (its latest IR,
 * the policy last written, the last replay) are not touched. Once per workload.
 */
import { sameWorkload, workloadKey, type WorkloadRef } from '../model/ids';
import { defaultDecisions, setIncluded, type Decisions } from '../policy/decisions';
import { generatePolicyIr } from '../policy/generate';
import type { PolicyIR } from '../policy/ir';
import { rowsOf, workloadsOfRows } from '../policy/incremental';
import { dialectOrDefault, render } from '../policy/render';
import { emitNetworkPolicy } from '../policy/dialects/k8s';
import { replayedRows } from '../policy/verify';
import { verifyInDialect } from '../policy/verify-dialect';
import type { EntityType } from '../model/k8s';
import type { ReviewSource } from './review';
import type { BundleRequest, PolicyRequest } from './types';

/** Workloads with fewer rows are left out: their first inclusion costs little. */
export const WARM_INCLUSION_ROWS = 1_000;

/** The workloads warmed (in a dialect) per cluster data. */
const warmed = new WeakMap<object, Set<string>>();

/** The rows, workloads and decisions of the request (a bundle's: `bundle`) made ahead. */
async function scopeOf(src: ReviewSource, r: PolicyRequest, bundle: BundleRequest | null) {
  if (bundle) {
    const { ignoreLabels: _i, decisions, dialect: _d, ...scope } = bundle;
    const rows = await src.namespaceCommunications({ ...scope, entity: 'all' });
    const stored = await src.decisions(r.cluster);
    return {
      rows,
      workloads: workloadsOfRows(rows).filter((w) => w.namespace === bundle.namespace),
      decided: decisions ? [decisions, ...stored] : stored,
      entityType: 'Deployment' as EntityType,
    };
  }
  const { decisions, ignoreLabels: _i, namespaceWide: _n, dialect: _d, ...query } = r;
  return {
    rows: await src.workloadCommunications(query),
    workloads: [query.workload],
    decided: [decisions],
    entityType: (r.entity === 'all' ? 'Deployment' : r.entity) as EntityType,
  };
}

/**
 * Makes ahead the policy of each workload of the request — a workload's (`r`), or the bundle it
 * asks (`bundle`: a namespace's, or a workload's namespace-wide) — with at least
 * WARM_INCLUSION_ROWS rows, every one of them included, that was not warmed yet in this dialect
 * (once: an alias saved, a decision, another view of the same rows find what did not change in
 * the memos); the policies it made. Between the parts — a policy's documents, its verification —
 * it waits for `pause`, and stops when that says no (the page asked something): the workload is
 * warmed again at the next idle moment.
 */
export async function warmInclusion(
  src: ReviewSource,
  r: PolicyRequest | BundleRequest,
  bundle: BundleRequest | null,
  pause: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<PolicyIR[]> {
  const data = await src.clusterData(r.cluster);
  const { rows, workloads, decided, entityType } = await scopeOf(src, r as PolicyRequest, bundle);
  const dialect = dialectOrDefault(r.dialect);
  const decisionsOf = (w: WorkloadRef): Decisions =>
    decided.find((d) => sameWorkload(d.workload, w)) ?? defaultDecisions(w);
  let done = warmed.get(data.inventory);
  if (!done) warmed.set(data.inventory, (done = new Set()));
  const made: PolicyIR[] = [];
  for (const workload of workloads) {
    const key = `${dialect.id}|${workloadKey(workload)}`;
    const mine = rowsOf(rows, workload);
    if (mine.length < WARM_INCLUSION_ROWS || done.has(key)) continue;
    const all = setIncluded(
      mine.map((c) => c.key),
      true,
    )(decisionsOf(workload));
    const one = generatePolicyIr({
      entityType,
      inventory: data.inventory,
      ignoreLabels: r.ignoreLabels ?? [],
      aliases: r.aliases ?? [],
      workload,
      communications: rows,
      decisions: all,
    });
    const shown = render(dialect, [one.ir], one.warnings);
    if (!(await pause())) return made;
    const policies = [emitNetworkPolicy(one.ir).policy];
    verifyInDialect(dialect, dialect.evaluate ? shown.documents : policies, {
      inventory: data.inventory,
      communications: replayedRows(mine, [all]),
      decisions: [all],
      explain: false,
    });
    made.push(one.ir);
    done.add(key);
    if (!(await pause())) return made;
  }
  return made;
}
