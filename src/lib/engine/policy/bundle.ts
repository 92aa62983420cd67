/**
 * The namespace bundle (DESIGN.md §1.7, §5 "Namespace bundle"): one policy for every top-level
 * workload of the namespace — from the dump and from the traffic, whatever entity type the user
 * scoped by — plus the default-deny, and its verification as a whole: every captured
 * communication of the namespace replayed through it, what it would break grouped by workload,
 * and the workloads with traffic that no policy of the bundle selects. The app (worker) and the
 * CLI call these same functions, so their bundles are identical.
 */
import type { Communication } from '../model/communication';
import { workloadKeys, type WorkloadKey, type WorkloadRef } from '../model/ids';
import type { Inventory, NetworkPolicy } from '../model/k8s';
import { matchesSelector } from '../model/labels';
import { sortedRefs, topWorkloads } from '../inventory/top-workloads';
import type { Decisions } from './decisions';
import { emitNetworkPolicy } from './dialects/k8s';
import { generateNamespaceIr, type IpAlias } from './generate';
import { workloadsOfRows } from './incremental';
import type { PolicyIR } from './ir';
import type { PolicyDialect } from './dialects/types';
import { verifyInDialect } from './verify-dialect';
import { DEFAULT_DENY_NAME } from './names';
import { replayedRows, representativePod, verifyCommunications, type CommVerdict } from './verify';
import { summariseVerdicts, type VerificationSummary } from './verify-summary';
import { POLICY_WARNING_CODES as W, type PolicyWarning } from './warnings';

export interface BundleInput {
  inventory: Inventory;
  namespace: string;
  /** The namespace's communications of every entity type (`entity: 'all'`), in the time window. */
  communications: Communication[];
  /** Stored decisions; a workload without any gets the defaults. */
  decisions?: Decisions[];
  ignoreLabels?: string[];
  aliases?: IpAlias[];
}

export interface Bundle {
  /** The workloads that get a policy, sorted by name then kind. */
  workloads: WorkloadRef[];
  /** The default-deny first, then one policy per workload sorted by name. */
  policies: NetworkPolicy[];
  warnings: PolicyWarning[];
  /** The same bundle as IR policies, for the other dialects (render.ts). */
  ir: PolicyIR[];
  /** The warnings before a dialect writes the IR: the uncovered workloads', generation's. */
  irWarnings: PolicyWarning[];
}

/** Every top-level workload of the namespace: the dump's and those seen in its traffic. */
export function bundleWorkloads(
  inv: Inventory,
  namespace: string,
  communications: Communication[],
): WorkloadRef[] {
  return sortedRefs([
    ...topWorkloads(inv, namespace),
    ...workloadsOfRows(communications, true).filter(
      (w) => w.namespace === namespace && w.kind !== 'Service',
    ),
  ]);
}

/** The bundle of a namespace: default-deny plus a policy for every workload of it. */
export function namespaceBundle(input: BundleInput): Bundle {
  const workloads = bundleWorkloads(input.inventory, input.namespace, input.communications);
  const { policies: ir, warnings } = generateNamespaceIr({
    inventory: input.inventory,
    namespace: input.namespace,
    // generatePolicy uses the entity type only to tell a Service from a workload.
    entityType: 'Deployment',
    communications: input.communications,
    workloads,
    decisions: input.decisions ?? [],
    ignoreLabels: input.ignoreLabels ?? [],
    aliases: input.aliases ?? [],
  });
  const emitted = ir.map(emitNetworkPolicy);
  const policies = emitted.map((e) => e.policy);
  const replayed = replayedRows(input.communications, input.decisions ?? []);
  const uncovered = uncoveredWorkloads(input.inventory, replayed, policies);
  const blocking = uncovered.map((w): PolicyWarning => ({
    code: W.WORKLOAD_UNCOVERED,
    message: `${w.kind} ${w.namespace}/${w.name} has captured traffic but no policy of the bundle selects its pods: the default-deny would cut it off`,
    workload: w,
  }));
  const irWarnings = [...blocking, ...warnings];
  return {
    workloads,
    policies,
    warnings: [...irWarnings, ...emitted.flatMap((e) => e.warnings)],
    ir,
    irWarnings,
  };
}

/** Workloads with traffic whose pods no policy of the bundle (the default-deny aside) selects. */
export function uncoveredWorkloads(
  inv: Inventory,
  communications: Communication[],
  policies: NetworkPolicy[],
): WorkloadRef[] {
  const own = policies.filter((p) => p.metadata.name !== DEFAULT_DENY_NAME);
  const withTraffic = workloadsOfRows(communications);
  return withTraffic.filter((w) => {
    const pod = representativePod(inv, w);
    return (
      pod === null ||
      !own.some(
        (p) =>
          p.metadata.namespace === pod.namespace && matchesSelector(p.spec.podSelector, pod.labels),
      )
    );
  });
}

export interface BrokenWorkload {
  workload: WorkloadRef;
  /** Captured communications (rows from this workload's side) the bundle would deny. */
  denied: number;
  deniedFlows: number;
}

export interface BundleVerification extends VerificationSummary {
  /** What the bundle would break, by workload (most denied flows first). */
  broken: BrokenWorkload[];
  uncovered: WorkloadRef[];
}

/**
 * Every captured communication of the namespace replayed through the bundle (and the dump's
 * policies); with a `dialect` other than k8s, through the bundle written in it, judged by that
 * dialect's evaluator (verify-dialect.ts).
 */
export function verifyBundle(
  input: BundleInput,
  bundle: Bundle,
  explainLimit = Infinity,
  dialect?: PolicyDialect,
): BundleVerification {
  const communications = replayedRows(input.communications, input.decisions ?? []);
  const replay = {
    inventory: input.inventory,
    communications,
    decisions: input.decisions,
    explain: true,
    explainLimit,
  };
  const verdicts = dialect?.evaluate
    ? verifyInDialect(
        dialect,
        bundle.ir.flatMap((ir) => dialect.emit(ir).documents),
        replay,
      )
    : verifyCommunications({ ...replay, policies: bundle.policies });
  return {
    ...summariseVerdicts(verdicts),
    broken: brokenByWorkload(verdicts),
    uncovered: uncoveredWorkloads(input.inventory, communications, bundle.policies),
  };
}

/**
 * The denied rows counted by workload. Rows come by workload: a denied row of the same workload
 * as the last one counts to its entry without its key made and looked up (every row has its own
 * workload object, and keying each of 10,000 denied rows was ≈ 8 of a namespace's ≈ 50 ms
 * verification in the first choice's profile).
 */
export function brokenByWorkload(verdicts: readonly CommVerdict[]): BrokenWorkload[] {
  const byKey = new Map<WorkloadKey, BrokenWorkload>();
  const keyOf = workloadKeys();
  let lastKey: WorkloadKey | null = null;
  let last: BrokenWorkload | undefined;
  for (const v of verdicts) {
    if (v.allowed !== false) continue;
    const w = v.communication.workload;
    const k = keyOf(w);
    if (k !== lastKey) {
      lastKey = k;
      last = byKey.get(k);
      if (last === undefined) byKey.set(k, (last = { workload: w, denied: 0, deniedFlows: 0 }));
    }
    last!.denied++;
    last!.deniedFlows += v.communication.flows;
  }
  return [...byKey.values()].sort(
    (a, b) => b.deniedFlows - a.deniedFlows || (a.workload.name < b.workload.name ? -1 : 1),
  );
}
