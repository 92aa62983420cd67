/**
 * The workspace's policy side: a workload's policy (or its namespace's bundle, with a
 * default-deny) from the decisions, in the request's dialect (Kubernetes, Cilium, Calico, Calico
 * staged: policy/render.ts), validated against its strict schema and the server's rules, and verified by replaying the captured communications through it and the dump's own
 * policies; beside a workload's policy, the dump's policies that select the workload and the
 * diff of its communications between today and the proposal. `generate` is the policies alone
 * (what the CLI prints); `reviewPolicy` adds the validation and the verification (the app).
 */
import type { ConnectionWhy } from '../evaluate/index';
import type { Communication } from '../model/communication';
import { sameWorkload } from '../model/ids';
import type { Inventory, NetworkPolicy } from '../model/k8s';
import type { Decisions } from '../policy/decisions';
import { reviewExisting } from '../policy/existing';
import { emitNetworkPolicy } from '../policy/dialects/k8s';
import { latestPolicyIr } from '../policy/generate';
import type { PolicyIR } from '../policy/ir';
import { namespaceBundle, verifyBundle, type Bundle, type BundleInput } from '../policy/bundle';
import { bundleFileName } from '../policy/names';
import { dialectOrDefault, policyFileName, render, type Rendered } from '../policy/render';
import type { PolicyDialect } from '../policy/dialects/types';
import { replayedRows, verifyCommunications } from '../policy/verify';
import { verifyInDialect } from '../policy/verify-dialect';
import { summariseVerdicts } from '../policy/verify-summary';
import { dedupeWarnings, shownWarnings, type PolicyWarning } from '../policy/warnings';
import { identityOf } from '../model/memo';
import { warmInclusion } from './warm-inclusion';
import type { ClusterData } from './cluster-data';
import type {
  BundleRequest,
  NamespaceQuery,
  PolicyCheck,
  PolicyRequest,
  PolicyText,
  PolicyView,
  WorkloadQuery,
} from './types';

/**
 * How many denied rows are explained with the policy: the verification lists them with their
 * reasons (`deniedRows`), and the Generated Policy tab shows that list, the others counted; a
 * table row is explained on demand (explainRows). Explaining every row of a large review costs
 * too much, and the 200 explained before, of which the tab showed 50, were a fifth of a
 * 10,000-row verification.
 */
export const EAGER_WHY = 50;

/**
 * How many rows of each list of the existing-policy diff ("would break", "newly allowed") are
 * sent with the verification (all are counted): the app shows that many.
 */
export const DIFF_SHOWN = 100;

/**
 * How many warnings of each code are sent with a policy's text (all are counted): the app lists
 * that many per code.
 */
export const WARNINGS_SHOWN = 20;

/** What the review side reads (the workspace's own memoised questions). */
export interface ReviewSource {
  clusterData(cluster: string): Promise<ClusterData>;
  workloadCommunications(q: WorkloadQuery): Promise<Communication[]>;
  namespaceCommunications(q: NamespaceQuery): Promise<Communication[]>;
  decisions(cluster: string): Promise<Decisions[]>;
}

export interface Generated {
  /** The Kubernetes NetworkPolicies and their warnings (generation's and the k8s emitter's). */
  policies: NetworkPolicy[];
  warnings: PolicyWarning[];
  /** The same policies as IR, for any dialect (policy/render.ts), and generation's warnings. */
  ir: PolicyIR[];
  irWarnings: PolicyWarning[];
  /** Set for a namespace bundle: its workloads and what its verification needs. */
  bundle: { value: Bundle; input: BundleInput } | null;
  /** The rows the policies were generated from. */
  communications: Communication[];
  /** The decisions they were generated with (the workload's, or every bundle workload's). */
  decisions: Decisions[];
  inventory: Inventory;
}

export interface Review {
  /** The policies of the request, without validation or verification. */
  generate(r: PolicyRequest | BundleRequest): Promise<Generated>;
  /**
   * The policy of the request written in its dialect and validated, without the verification:
   * what the app shows first. Generation is incremental (policy/incremental.ts), so asking
   * `policyCheck` of the same request after it costs little more than the verification.
   */
  policyText(r: PolicyRequest | BundleRequest): Promise<PolicyText>;
  /** The verification of the request's policy (and the dump's policies beside a workload's). */
  policyCheck(r: PolicyRequest | BundleRequest): Promise<PolicyCheck>;
  /** Generates, validates and verifies the policy of the review (or its namespace's bundle). */
  reviewPolicy(r: PolicyRequest): Promise<PolicyView>;
  /** The namespace bundle, validated and verified over every communication of the namespace. */
  namespacePolicy(r: BundleRequest): Promise<PolicyView>;
  /**
   * Makes ahead what including every row of the request's large workloads would first compute
   * (warm-inclusion.ts): for an idle moment, waiting for `pause` between its parts (stopped when
   * it says no). The policies it made.
   */
  warmInclusion(
    r: PolicyRequest | BundleRequest,
    pause?: () => Promise<boolean>,
  ): Promise<PolicyIR[]>;
  /** Why the policy of request `r` denies the rows `keys` (those it allows are left out). */
  explainRows(
    r: PolicyRequest | BundleRequest,
    keys: string[],
  ): Promise<Record<string, ConnectionWhy>>;
}

/** A request's generated policies and their documents in its dialect. */
interface Written {
  r: PolicyRequest | BundleRequest;
  /** requestOf's key: what the policies were made of. */
  key: string;
  g: Generated;
  dialect: PolicyDialect;
  shown: Rendered;
}

/** What the last policy was verified against, to explain more of its rows on demand. */
interface Replay {
  request: string;
  inventory: Inventory;
  communications: Communication[];
  policies: NetworkPolicy[];
  decisions: Decisions[];
}

const isWorkloadRequest = (r: PolicyRequest | BundleRequest): r is PolicyRequest =>
  'workload' in r && r.workload !== undefined;

/** A workload request asking for its namespace's bundle, as a bundle request. */
function asBundle(r: PolicyRequest | BundleRequest): BundleRequest | null {
  if (!isWorkloadRequest(r)) return r;
  if (!r.namespaceWide) return null;
  const { decisions, ignoreLabels, namespaceWide: _n, workload, ...scope } = r;
  return { ...scope, namespace: workload.namespace, ignoreLabels, decisions };
}

export function createReview(src: ReviewSource): Review {
  let lastReplay: Replay | null = null;

  async function generateBundle(r: BundleRequest, stored: Decisions[]): Promise<Generated> {
    const data = await src.clusterData(r.cluster);
    const { ignoreLabels, decisions, dialect: _d, ...scope } = r;
    const communications = await src.namespaceCommunications({ ...scope, entity: 'all' });
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
    const value = namespaceBundle(input);
    return {
      policies: value.policies,
      warnings: value.warnings,
      ir: value.ir,
      irWarnings: value.irWarnings,
      bundle: { value, input },
      communications,
      decisions: mine,
      inventory: data.inventory,
    };
  }

  /**
   * A bundle (a namespace's, or a workload's namespace-wide) or one workload's policy; a bundle
   * reads the other workloads' stored decisions — `stored` when the caller read them already
   * (for its key: the key and the policy must read the same decisions).
   */
  async function generate(
    r: PolicyRequest | BundleRequest,
    stored?: Decisions[],
  ): Promise<Generated> {
    const bundle = asBundle(r);
    if (bundle) return generateBundle(bundle, stored ?? (await src.decisions(r.cluster)));
    return generateOne(r as PolicyRequest);
  }

  async function generateOne(r: PolicyRequest): Promise<Generated> {
    const { decisions, ignoreLabels, namespaceWide: _n, dialect: _d, workload, ...scope } = r;
    const data = await src.clusterData(r.cluster);
    // The rows' own question only (not the decisions), so the memoised rows are reused.
    const communications = await src.workloadCommunications({ ...scope, workload });
    const one = latestPolicyIr({
      entityType: r.entity === 'all' ? 'Deployment' : r.entity,
      inventory: data.inventory,
      ignoreLabels: ignoreLabels ?? [],
      aliases: r.aliases ?? [],
      workload,
      communications,
      decisions,
    });
    const k8s = emitNetworkPolicy(one.ir);
    return {
      policies: [k8s.policy],
      // Generation's warnings are deduplicated already (10,000 of them for 10,000 addresses).
      warnings:
        k8s.warnings.length === 0
          ? one.warnings
          : dedupeWarnings([...one.warnings, ...k8s.warnings]),
      ir: [one.ir],
      irWarnings: one.warnings,
      bundle: null,
      communications,
      decisions: [decisions],
      inventory: data.inventory,
    };
  }

  /**
   * The last policy written, by its request and everything it reads: its cluster's data and
   * (a bundle) the other workloads' stored decisions. Decisions are keyed by identity
   * (identityOf: never changed in place), so a large decisions object is not turned into text
   * for the key; the app asks the YAML of a decision (`policyText`), then its verification
   * (`policyCheck`) with the same objects.
   */
  let lastWritten: { key: string; w: Written } | null = null;

  /** What `r`'s policy is made of, as a key, and (a bundle) the stored decisions it reads. */
  async function requestOf(r: PolicyRequest | BundleRequest) {
    const { decisions, ...rest } = r;
    const signature = (await src.clusterData(r.cluster)).signature;
    const stored = asBundle(r) ? await src.decisions(r.cluster) : null;
    const ids = [decisions, ...(stored ?? [])].map((d) => (d ? identityOf(d) : 0));
    return { key: `${signature}|${JSON.stringify(rest)}|${ids.join(',')}`, stored };
  }

  /** The request's policies written in its dialect. */
  async function written(r: PolicyRequest | BundleRequest): Promise<Written> {
    const { key, stored } = await requestOf(r);
    if (lastWritten?.key === key) return lastWritten.w;
    const g = await generate(r, stored ?? undefined);
    const dialect = dialectOrDefault(r.dialect);
    const w = { r, key, g, dialect, shown: render(dialect, g.ir, g.irWarnings) };
    lastWritten = { key, w };
    return w;
  }

  function textOf({ r, g, dialect, shown }: Written): PolicyText {
    const bundle = g.bundle ? asBundle(r) : null;
    const warnings = shownWarnings(shown.warnings, WARNINGS_SHOWN);
    return {
      yaml: shown.yaml,
      fileName: bundle
        ? bundleFileName(bundle.namespace, dialect.id)
        : policyFileName((r as PolicyRequest).workload, dialect.id),
      documents: shown.documents.length,
      warnings: warnings.shown,
      warningCounts: warnings.counts,
      errors: shown.errors,
    };
  }

  /** Verifies what was written (and keeps what explainRows needs to explain more rows). */
  function checkOf({ r, key, g, dialect, shown }: Written): PolicyCheck {
    // Undetermined rows are replayed (and compared with today) only when included.
    const replayed = replayedRows(g.communications, g.decisions);
    const replay = { inventory: g.inventory, communications: replayed, policies: g.policies };
    lastReplay = { request: key, ...replay, decisions: g.decisions };
    if (g.bundle) {
      const { value, input } = g.bundle;
      const { broken, uncovered, ...verification } = verifyBundle(input, value, EAGER_WHY, dialect);
      return {
        verification,
        existing: null,
        bundle: { workloads: value.workloads, broken, uncovered },
      };
    }
    const workload = (r as PolicyRequest).workload;
    const docs = dialect.evaluate ? shown.documents : g.policies;
    const verdicts = verifyInDialect(dialect, docs, {
      ...replay,
      decisions: g.decisions,
      explain: true,
      explainLimit: EAGER_WHY,
    });
    return {
      verification: summariseVerdicts(verdicts),
      existing: reviewExisting({
        inventory: g.inventory,
        workload,
        communications: replayed,
        policies: g.policies,
        decisions: g.decisions,
        proposal: verdicts,
        shown: DIFF_SHOWN,
      }),
      bundle: null,
    };
  }

  async function reviewPolicy(r: PolicyRequest | BundleRequest): Promise<PolicyView> {
    const w = await written(r);
    return { ...textOf(w), ...checkOf(w) };
  }

  async function explainRows(
    r: PolicyRequest | BundleRequest,
    keys: string[],
  ): Promise<Record<string, ConnectionWhy>> {
    if (lastReplay?.request !== (await requestOf(r)).key) checkOf(await written(r));
    const replay = lastReplay!;
    // The reasons are the k8s evaluator's: in another dialect the rows have none.
    if (dialectOrDefault(r.dialect).evaluate) return {};
    const wanted = new Set(keys);
    const verdicts = verifyCommunications({
      ...replay,
      communications: replay.communications.filter((c) => wanted.has(c.key)),
      explain: true,
    });
    return Object.fromEntries(verdicts.flatMap((v) => (v.why ? [[v.key, v.why]] : [])));
  }

  return {
    generate,
    policyText: async (r) => textOf(await written(r)),
    policyCheck: async (r) => checkOf(await written(r)),
    reviewPolicy,
    namespacePolicy: reviewPolicy,
    warmInclusion: (r, pause) => warmInclusion(src, r, asBundle(r), pause),
    explainRows,
  };
}
