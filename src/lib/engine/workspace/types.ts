/**
 * The questions a workspace answers and the shapes of its answers (workspace.ts); the app's
 * worker passes them over comlink unchanged, the CLI builds them from its options.
 */
import type { ScopeFilter } from '../aggregate/query';
import type { HistogramPoint } from '../aggregate/window';
import type { Communication } from '../model/communication';
import type { Diagnostic } from '../model/diagnostic';
import type { WorkloadRef } from '../model/ids';
import type { ExistingReview } from '../policy/existing';
import type { BrokenWorkload } from '../policy/bundle';
import type { Decisions } from '../policy/decisions';
import type { ValidationError } from '../policy/validate';
import type { VerificationSummary } from '../policy/verify-summary';
import type { PolicyWarning, PolicyWarningCode } from '../policy/warnings';

/**
 * What every scope question carries (`explain`: the review asks why IPs are unresolved, the
 * CLI not).
 */
export interface ScopeQuery extends ScopeFilter {
  cluster: string;
}

export interface WorkloadQuery extends ScopeQuery {
  workload: WorkloadRef;
}

export interface NamespaceQuery extends ScopeQuery {
  namespace: string;
}

export interface ScopeOptions {
  namespaces: string[];
  /** First and last activity over the whole cluster (epoch ms), null without timed flows. */
  span: { min: number; max: number } | null;
  /** Stored rows of the cluster left out as unusable when read back (engine restore/). */
  problems: Diagnostic[];
}

export interface HistogramView {
  points: HistogramPoint[];
  /** Width of a bar: a nice width, a multiple of the data's bucket width (aggregate/width.ts). */
  bucketMs: number;
  /** Flows in the selected From–To (at the buckets' width); all of them when open. */
  selected: number;
  span: { min: number; max: number } | null;
}

export interface NamespaceReview {
  rows: Communication[];
  /** Every workload of the namespace (with traffic or not), sorted by name. */
  workloads: WorkloadRef[];
  /** The stored (or default) decisions of each workload, in the order of `workloads`. */
  decisions: Decisions[];
}

export interface NamespaceStatus {
  workloads: number;
  pending: number;
}

export interface PolicyRequest extends WorkloadQuery {
  decisions: Decisions;
  ignoreLabels?: string[];
  /** The namespace's bundle (every workload's policy and a default-deny) instead. */
  namespaceWide?: boolean;
  /** The policy dialect's id (policy/dialects/catalog.ts); default k8s. */
  dialect?: string;
}

/** The bundle of a namespace, whatever workload or entity type is chosen. */
export interface BundleRequest extends NamespaceQuery {
  ignoreLabels?: string[];
  /** Decisions on screen that may be newer than the stored ones. */
  decisions?: Decisions;
  /** The policy dialect's id (policy/dialects/catalog.ts); default k8s. */
  dialect?: string;
}

export interface BundleSummary {
  workloads: WorkloadRef[];
  /** What the bundle would deny of the namespace's captured communications, by workload. */
  broken: BrokenWorkload[];
  /** Workloads with traffic that no policy of the bundle selects (a blocking warning). */
  uncovered: WorkloadRef[];
}

/**
 * A policy's documents as text, validated: what the app shows first (the verification follows,
 * PolicyCheck), and what a PolicyView starts with.
 */
export type PolicyText = Pick<
  PolicyView,
  'yaml' | 'fileName' | 'documents' | 'warnings' | 'warningCounts' | 'errors'
>;

/** What the verification of a policy adds to its text (`reviewPolicy` = text and check). */
export type PolicyCheck = Pick<PolicyView, 'verification' | 'existing' | 'bundle'>;

export interface PolicyView {
  yaml: string;
  fileName: string;
  documents: number;
  /** The first WARNINGS_SHOWN warnings of each code (review.ts), in their order. */
  warnings: PolicyWarning[];
  /** How many warnings each code has (all of them, shown or not). */
  warningCounts: Partial<Record<PolicyWarningCode, number>>;
  /** Schema and apiserver errors, prefixed with the document's name. */
  errors: ValidationError[];
  /** The workload's (or, for a bundle, the namespace's) captured communications replayed. */
  verification: VerificationSummary;
  /** Beside a workload's policy: the dump's policies that select it, today vs the proposal. */
  existing: ExistingReview | null;
  /** Set for a namespace bundle. */
  bundle: BundleSummary | null;
}
