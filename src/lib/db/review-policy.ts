/**
 * The review's generated policy, in the worker: the workload's policy (or its namespace's, with a
 * default-deny) from the current decisions, validated against the strict schema and the
 * apiserver's rules, and verified by replaying the workload's captured communications through it
 * and the dump's own policies; beside it, the dump's policies that select the workload and the
 * diff of its communications between today and the proposal. Rows come from scope-queries'
 * memoised answers.
 */
import type { WorkloadRef } from '$lib/engine/model/communication';
import type { NetworkPolicy } from '$lib/engine/model/k8s';
import type { Decisions } from '$lib/engine/policy/decisions';
import { reviewExisting, type ExistingReview } from '$lib/engine/policy/existing';
import { generateNamespacePolicies, generatePolicy, toYaml } from '$lib/engine/policy/generate';
import { policyName } from '$lib/engine/policy/names';
import { validatePolicy, type ValidationError } from '$lib/engine/policy/validate';
import { verifyCommunications, type CommVerdict } from '$lib/engine/policy/verify';
import type { PolicyWarning } from '$lib/engine/policy/warnings';
import { clusterDecisions } from './decisions';
import {
  clusterData,
  namespaceCommunications,
  workloadCommunications,
  type WorkloadQuery,
} from './scope-queries';
import type { NetpolishDb } from './schema';

export interface PolicyRequest extends WorkloadQuery {
  decisions: Decisions;
  ignoreLabels?: string[];
  /** One multi-document YAML for the workload's namespace, with a default-deny. */
  namespaceWide?: boolean;
}

export interface PolicyView {
  yaml: string;
  fileName: string;
  documents: number;
  warnings: PolicyWarning[];
  /** Schema and apiserver errors, prefixed with the document's name. */
  errors: ValidationError[];
  verification: VerificationSummary;
  /** The dump's policies that select the workload, and today vs the proposal on its rows. */
  existing: ExistingReview;
}

/** How the generated policy (with the dump's own policies) treats the workload's captured communications. */
export interface VerificationSummary {
  total: number;
  allowed: number;
  denied: number;
  /** Rows whose ends cannot be represented (a workload with no pod and no labels). */
  unknown: number;
  allowedFlows: number;
  deniedFlows: number;
  /** Included rows that are denied all the same (another policy, e.g. the peer's, blocks them). */
  deniedIncluded: number;
  /** Keys of the denied rows (the tables mark them). */
  deniedKeys: string[];
}

/** Generates, validates and verifies the policy of the review (or its namespace). */
export async function reviewPolicy(db: NetpolishDb, r: PolicyRequest): Promise<PolicyView> {
  const data = await clusterData(db, r.cluster);
  // The rows' own question only (not the decisions), so the memoised rows are reused.
  const { decisions: _d, ignoreLabels: _i, namespaceWide: _n, ...query } = r;
  const comms = await workloadCommunications(db, query);
  const base = {
    entityType: r.entity,
    inventory: data.inventory,
    ignoreLabels: r.ignoreLabels ?? [],
    aliases: r.aliases ?? [],
  };
  let policies: NetworkPolicy[];
  let warnings: PolicyWarning[];
  if (r.namespaceWide) {
    const ns = r.workload.namespace;
    const { workload: _w, ...scope } = query;
    const all = await namespaceCommunications(db, { ...scope, namespace: ns });
    const stored = (await clusterDecisions(db, r.cluster)).filter(
      (d) => !sameRef(d.workload, r.decisions.workload),
    );
    ({ policies, warnings } = generateNamespacePolicies({
      ...base,
      namespace: ns,
      communications: all,
      decisions: [...stored, r.decisions],
    }));
  } else {
    const one = generatePolicy({
      ...base,
      workload: r.workload,
      communications: comms,
      decisions: r.decisions,
    });
    [policies, warnings] = [[one.policy], one.warnings];
  }
  const errors = policies.flatMap((p) =>
    validatePolicy(p).errors.map((e) => ({ ...e, path: `${p.metadata.name}: ${e.path}` })),
  );
  const name = policyName(
    r.namespaceWide
      ? { kind: 'Namespace', namespace: r.workload.namespace, name: r.workload.namespace }
      : r.workload,
  );
  const verdicts = verifyCommunications({
    inventory: data.inventory,
    communications: comms,
    policies,
    decisions: [r.decisions],
  });
  return {
    yaml: toYaml(policies),
    fileName: `${name}.yaml`,
    documents: policies.length,
    warnings,
    errors,
    verification: summarise(verdicts),
    existing: reviewExisting({
      inventory: data.inventory,
      workload: r.workload,
      communications: comms,
      policies,
      decisions: [r.decisions],
      proposal: verdicts,
    }),
  };
}

function sameRef(a: WorkloadRef, b: WorkloadRef): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/** The workload's communications replayed through the generated and the dump's policies. */
function summarise(verdicts: CommVerdict[]): VerificationSummary {
  const out: VerificationSummary = {
    total: verdicts.length,
    allowed: 0,
    denied: 0,
    unknown: 0,
    allowedFlows: 0,
    deniedFlows: 0,
    deniedIncluded: 0,
    deniedKeys: [],
  };
  for (const v of verdicts) {
    if (v.allowed === null) {
      out.unknown++;
    } else if (v.allowed) {
      out.allowed++;
      out.allowedFlows += v.communication.flows;
    } else {
      out.denied++;
      out.deniedFlows += v.communication.flows;
      out.deniedKeys.push(v.key);
      if (v.included) out.deniedIncluded++;
    }
  }
  return out;
}
