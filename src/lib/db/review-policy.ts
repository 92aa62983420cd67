/**
 * The review's generated policy, in the worker: the workload's policy (or its namespace's
 * bundle, with a default-deny) from the current decisions, validated against the strict schema
 * and the apiserver's rules, and verified by replaying the captured communications through it
 * and the dump's own policies; beside a workload's policy, the dump's policies that select the
 * workload and the diff of its communications between today and the proposal. Rows come from
 * scope-queries' memoised answers; the policies, the bundle and the verification from the engine.
 */
import type { ConnectionWhy } from '$lib/engine/evaluate/index';
import type { Communication } from '$lib/engine/model/communication';
import { sameWorkload, type WorkloadRef } from '$lib/engine/model/ids';
import type { Inventory, NetworkPolicy } from '$lib/engine/model/k8s';
import type { Decisions } from '$lib/engine/policy/decisions';
import { reviewExisting, type ExistingReview } from '$lib/engine/policy/existing';
import { generatePolicy, toYaml } from '$lib/engine/policy/generate';
import {
  namespaceBundle,
  verifyBundle,
  type BrokenWorkload,
  type BundleInput,
} from '$lib/engine/policy/bundle';
import { bundleFileName, policyName } from '$lib/engine/policy/names';
import { validatePolicy, type ValidationError } from '$lib/engine/policy/validate';
import { replayedRows, verifyCommunications } from '$lib/engine/policy/verify';
import { summariseVerdicts, type VerificationSummary } from '$lib/engine/policy/verify-summary';
import type { PolicyWarning } from '$lib/engine/policy/warnings';
import { clusterDecisions } from './decisions';
import {
  clusterData,
  namespaceCommunications,
  workloadCommunications,
  type ScopeQuery,
  type WorkloadQuery,
} from './scope-queries';
import type { NetpolishDb } from './schema';

export type { VerificationSummary } from '$lib/engine/policy/verify-summary';

export interface PolicyRequest extends WorkloadQuery {
  decisions: Decisions;
  ignoreLabels?: string[];
  /** The namespace's bundle (every workload's policy and a default-deny) instead. */
  namespaceWide?: boolean;
}

/** The bundle of a namespace, whatever workload or entity type is chosen. */
export interface BundleRequest extends ScopeQuery {
  namespace: string;
  ignoreLabels?: string[];
  /** Decisions on screen that may be newer than the stored ones. */
  decisions?: Decisions;
}

export interface BundleSummary {
  workloads: WorkloadRef[];
  /** What the bundle would deny of the namespace's captured communications, by workload. */
  broken: BrokenWorkload[];
  /** Workloads with traffic that no policy of the bundle selects (a blocking warning). */
  uncovered: WorkloadRef[];
}

export interface PolicyView {
  yaml: string;
  fileName: string;
  documents: number;
  warnings: PolicyWarning[];
  /** Schema and apiserver errors, prefixed with the document's name. */
  errors: ValidationError[];
  /** The workload's (or, for a bundle, the namespace's) captured communications replayed. */
  verification: VerificationSummary;
  /** Beside a workload's policy: the dump's policies that select it, today vs the proposal. */
  existing: ExistingReview | null;
  /** Set for a namespace bundle. */
  bundle: BundleSummary | null;
}

/**
 * How many denied rows are explained with the policy (those the Generated Policy tab lists);
 * the others on demand (explainRows): explaining every row of a large review costs too much.
 */
export const EAGER_WHY = 200;

/** What the last policy was verified against, to explain more of its rows on demand. */
interface Replay {
  request: string;
  inventory: Inventory;
  communications: Communication[];
  policies: NetworkPolicy[];
  decisions: Decisions[];
}
let lastReplay: Replay | null = null;

/**
 * Why the policy of request `r` denies the rows `keys` (those it allows are left out): the
 * rows are replayed with their reasons, through the policy last generated for `r`.
 */
export async function explainRows(
  db: NetpolishDb,
  r: PolicyRequest | BundleRequest,
  keys: string[],
): Promise<Record<string, ConnectionWhy>> {
  if (lastReplay?.request !== JSON.stringify(r)) {
    if ('workload' in r && r.workload) await reviewPolicy(db, r);
    else await namespacePolicy(db, r as BundleRequest);
  }
  const replay = lastReplay!;
  const wanted = new Set(keys);
  const verdicts = verifyCommunications({
    ...replay,
    communications: replay.communications.filter((c) => wanted.has(c.key)),
    explain: true,
  });
  return Object.fromEntries(verdicts.flatMap((v) => (v.why ? [[v.key, v.why]] : [])));
}

function validate(policies: NetworkPolicy[]): ValidationError[] {
  return policies.flatMap((p) =>
    validatePolicy(p).errors.map((e) => ({ ...e, path: `${p.metadata.name}: ${e.path}` })),
  );
}

/** Generates, validates and verifies the policy of the review (or its namespace's bundle). */
export async function reviewPolicy(db: NetpolishDb, r: PolicyRequest): Promise<PolicyView> {
  const { decisions, ignoreLabels, namespaceWide, workload, ...scope } = r;
  if (namespaceWide) {
    return namespacePolicy(
      db,
      { ...scope, namespace: workload.namespace, ignoreLabels, decisions },
      JSON.stringify(r),
    );
  }
  const data = await clusterData(db, r.cluster);
  // The rows' own question only (not the decisions), so the memoised rows are reused.
  const comms = await workloadCommunications(db, { ...scope, workload });
  const one = generatePolicy({
    entityType: r.entity === 'all' ? 'Deployment' : r.entity,
    inventory: data.inventory,
    ignoreLabels: ignoreLabels ?? [],
    aliases: r.aliases ?? [],
    workload,
    communications: comms,
    decisions,
  });
  const policies = [one.policy];
  // Undetermined rows are replayed (and compared with today) only when included.
  const replayed = replayedRows(comms, [decisions]);
  const replay = { inventory: data.inventory, communications: replayed, policies };
  lastReplay = { request: JSON.stringify(r), ...replay, decisions: [decisions] };
  const verdicts = verifyCommunications({
    ...replay,
    decisions: [decisions],
    explain: true,
    explainLimit: EAGER_WHY,
  });
  return {
    yaml: toYaml(policies),
    fileName: `${policyName(workload)}.yaml`,
    documents: 1,
    warnings: one.warnings,
    errors: validate(policies),
    verification: summariseVerdicts(verdicts),
    existing: reviewExisting({
      inventory: data.inventory,
      workload,
      communications: replayed,
      policies,
      decisions: [decisions],
      proposal: verdicts,
    }),
    bundle: null,
  };
}

/**
 * The namespace bundle, validated and verified over every captured communication of the
 * namespace. `request` is the review's request this answers (for explainRows), when not `r`.
 */
export async function namespacePolicy(
  db: NetpolishDb,
  r: BundleRequest,
  request?: string,
): Promise<PolicyView> {
  const data = await clusterData(db, r.cluster);
  const { ignoreLabels, decisions, ...scope } = r;
  const communications = await namespaceCommunications(db, { ...scope, entity: 'all' });
  const stored = await clusterDecisions(db, r.cluster);
  const mine = decisions
    ? [decisions, ...stored.filter((d) => !sameWorkload(d.workload, decisions.workload))]
    : stored;
  const input: BundleInput = {
    inventory: data.inventory,
    namespace: r.namespace,
    communications,
    decisions: mine,
    ignoreLabels: ignoreLabels ?? [],
    aliases: r.aliases ?? [],
  };
  const bundle = namespaceBundle(input);
  lastReplay = {
    request: request ?? JSON.stringify(r),
    inventory: data.inventory,
    communications: replayedRows(communications, mine),
    policies: bundle.policies,
    decisions: mine,
  };
  const { broken, uncovered, ...verification } = verifyBundle(input, bundle, EAGER_WHY);
  return {
    yaml: toYaml(bundle.policies),
    fileName: bundleFileName(r.namespace, 'k8s'),
    documents: bundle.policies.length,
    warnings: bundle.warnings,
    errors: validate(bundle.policies),
    verification,
    existing: null,
    bundle: { workloads: bundle.workloads, broken, uncovered },
  };
}
