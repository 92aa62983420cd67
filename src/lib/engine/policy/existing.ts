/**
 * The dump's own NetworkPolicies beside the proposal (DESIGN.md §1.3, §7): which existing
 * policies select the workload (its representative pod, as verification uses), whether the
 * workload is isolated today per direction, and the semantic diff of its captured
 * communications between today, the proposal (generated + existing) and the proposal alone.
 */
import type { Communication, WorkloadRef } from '../model/communication';
import type { AdminPolicy } from '../model/admin-policy';
import type { Inventory, NetworkPolicy, PodInfo } from '../model/k8s';
import {
  adminPoliciesSelecting,
  matchesSelector,
  OPEN_SIDE,
  policyKey,
  policyNormalize,
  type HostNetworkMode,
} from '../evaluate/index';
import type { Decisions } from './decisions';
import { diffVerdicts, type ExistingDiff } from './existing-diff';
import { cmp } from '../model/text';
import { verdictOf } from './verdict';
import { representativePod, verifyCommunications, type CommVerdict } from './verify';
import { explainedToday, todayVerdicts } from './today';
import { toYaml } from './yaml';

export type { ExistingDiff, DiffRow, Decider, VerdictCounts } from './existing-diff';

export interface ExistingPolicyInfo {
  /** `namespace/name`. */
  key: string;
  name: string;
  namespace: string;
  /** After the apiserver's defaulting (SEMANTICS.md §1). */
  policyTypes: ('Ingress' | 'Egress')[];
  ingressRules: number;
  egressRules: number;
  /** A generated policy has the same namespace and name: the proposal replaces this one. */
  replacedByProposal: boolean;
  yaml: string;
}

export interface Representative {
  name: string;
  labels: Record<string, string>;
  /** No pod in the inventory: a pod made of the workload's template (or Service selector) labels. */
  synthesized: boolean;
  hostNetwork: boolean;
}

/** An admin policy of the dump whose subject selects the workload. */
export interface AdminPolicyInfo {
  kind: AdminPolicy['kind'];
  name: string;
  tier: AdminPolicy['tier'];
  priority: number;
  ingressRules: number;
  egressRules: number;
}

export interface ExistingReview {
  workload: WorkloadRef;
  /** Null when neither a pod nor labels are known for the workload. */
  representative: Representative | null;
  policies: ExistingPolicyInfo[];
  /** The dump's admin policies that select the workload, in evaluation order. */
  adminPolicies: AdminPolicyInfo[];
  /** Some existing policy isolates the workload's pods in this direction (SEMANTICS.md §2). */
  isolated: { ingress: boolean; egress: boolean };
  diff: ExistingDiff;
}

export interface ExistingInput {
  inventory: Inventory;
  workload: WorkloadRef;
  /** The workload's captured communications. */
  communications: Communication[];
  /** The generated policies (the proposal). */
  policies: NetworkPolicy[];
  decisions?: Decisions[];
  ipBlockMatchesPods?: boolean;
  hostNetwork?: HostNetworkMode;
  /** Verdicts of `communications` under generated + existing, when already computed (same order). */
  proposal?: CommVerdict[];
  /** How many rows each list of changed rows keeps (all are counted; default all). */
  shown?: number;
}

function selecting(inv: Inventory, pod: PodInfo): NetworkPolicy[] {
  return inv.networkPolicies
    .filter((raw) => {
      const p = policyNormalize(raw);
      return (
        p.metadata.namespace === pod.namespace && matchesSelector(p.spec.podSelector, pod.labels)
      );
    })
    .sort((a, b) => cmp(a.metadata.name, b.metadata.name));
}

/**
 * The dump's NetworkPolicies whose podSelector selects the workload's pods (a representative
 * pod of the inventory, else its template labels), as the dump has them, sorted by name.
 */
export function existingPoliciesFor(inventory: Inventory, workload: WorkloadRef): NetworkPolicy[] {
  const pod = representativePod(inventory, workload);
  return pod ? selecting(inventory, pod) : [];
}

function info(p: NetworkPolicy, generated: Set<string>): ExistingPolicyInfo {
  const n = policyNormalize(p);
  const key = policyKey(n);
  return {
    key,
    name: n.metadata.name,
    namespace: n.metadata.namespace ?? '',
    policyTypes: n.spec.policyTypes ?? [],
    ingressRules: (n.spec.ingress ?? []).length,
    egressRules: (n.spec.egress ?? []).length,
    replacedByProposal: generated.has(key),
    yaml: toYaml([p]),
  };
}

function representative(inv: Inventory, pod: PodInfo | null): Representative | null {
  if (!pod) return null;
  return {
    name: pod.name,
    labels: { ...pod.labels },
    synthesized: !inv.pods.includes(pod),
    hostNetwork: pod.hostNetwork,
  };
}

/** Whether the existing policies isolate the pod per direction (hostNetwork as the evaluator sees it). */
function isolation(
  pod: PodInfo | null,
  infos: ExistingPolicyInfo[],
  mode: HostNetworkMode,
): ExistingReview['isolated'] {
  // NOTE: in `node` mode policies never select hostNetwork pods (SEMANTICS.md §8).
  if (!pod || (pod.hostNetwork && mode === 'node')) return { ingress: false, egress: false };
  return {
    ingress: infos.some((p) => p.policyTypes.includes('Ingress')),
    egress: infos.some((p) => p.policyTypes.includes('Egress')),
  };
}

/** Existing policies of the workload, its isolation today, and the diff with the proposal. */
export function reviewExisting(input: ExistingInput): ExistingReview {
  const { inventory: inv, communications, decisions } = input;
  const switches = {
    ipBlockMatchesPods: input.ipBlockMatchesPods ?? false,
    hostNetwork: input.hostNetwork ?? 'node',
  };
  const pod = representativePod(inv, input.workload);
  const generated = new Set(input.policies.map((p) => policyKey(policyNormalize(p))));
  const infos = (pod ? selecting(inv, pod) : []).map((p) => info(p, generated));
  // NOTE: only the proposal's verdicts are explained: of the proposal alone the diff reads
  // whether each row is allowed, and explaining every row it denies cost more than its replay.
  const run = (policies: NetworkPolicy[], withExisting: boolean) =>
    verifyCommunications({
      inventory: inv,
      communications,
      policies,
      withExisting,
      explain: withExisting,
      ...switches,
      ...(decisions ? { decisions } : {}),
    });
  const proposal = input.proposal ?? run(input.policies, true);
  // NOTE: with no policy in the dump (nor admin policy), nothing is isolated today
  // (SEMANTICS.md §2) and the proposal alone is the proposal: no need to replay the rows twice.
  const none = inv.networkPolicies.length === 0 && (inv.adminPolicies ?? []).length === 0;
  return {
    workload: { ...input.workload },
    representative: representative(inv, pod),
    policies: infos,
    adminPolicies: pod ? adminPoliciesSelecting(inv, pod).map(adminInfo) : [],
    isolated: isolation(pod, infos, switches.hostNetwork),
    diff: none
      ? diffVerdicts(proposal.map(openVerdict), proposal, proposal, input.shown)
      : diffVerdicts(
          todayVerdicts(inv, communications, switches),
          proposal,
          run(input.policies, false),
          input.shown,
          (shown) => explainedToday(inv, shown, switches),
        ),
  };
}

function adminInfo(p: AdminPolicy): AdminPolicyInfo {
  return {
    kind: p.kind,
    name: p.name,
    tier: p.tier,
    priority: p.priority,
    ingressRules: p.ingress.length,
    egressRules: p.egress.length,
  };
}

/** Each row's open verdicts, by whether it is included (unknown, excluded, included). */
const openVerdicts = new WeakMap<Communication, (CommVerdict | undefined)[]>();

/**
 * The verdict of a row when no policy exists (rows whose ends are unknown stay unknown). Made
 * once per row and inclusion (verdicts are never changed): it depends on nothing else, and
 * 10,000 rows' open verdicts were made again at every verification.
 */
export function openVerdict(v: CommVerdict): CommVerdict {
  if (v.allowed === null) return v;
  const c = v.communication;
  const slot = v.included === undefined ? 0 : v.included ? 2 : 1;
  let made = openVerdicts.get(c);
  if (!made) openVerdicts.set(c, (made = []));
  return (made[slot] ??= verdictOf(
    c,
    v.included,
    { allowed: true, egress: OPEN_SIDE, ingress: OPEN_SIDE, deniedBy: null },
    null,
  ));
}
