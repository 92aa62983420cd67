/**
 * Policy generation for one workload (or a whole namespace with a default-deny): the selector
 * of the workload, the allowed (peer, port) pairs from the included communications, the general
 * rules, DNS and manual rules, and warnings — as the dialect-neutral IR (ir.ts), which a dialect
 * then writes (dialects/; `generatePolicy` gives the Kubernetes NetworkPolicy). Pure and
 * deterministic: the same input gives the same objects.
 */
import type { Communication } from '../model/communication';
import {
  sameWorkload,
  workloadKey,
  workloadRef,
  type WorkloadKey,
  type WorkloadRef,
} from '../model/ids';
import type { EntityType, Inventory, LabelSelector, NetworkPolicy } from '../model/k8s';
import {
  type Decisions,
  type Direction,
  type GeneralRule,
  defaultDecisions,
  isIncluded,
} from './decisions';
import { findDns } from './dns';
import { toCidr } from '../model/address';
import { portText } from '../aggregate/undetermined';
import { splitInvalidTerms } from '../model/label-syntax';
import { canonicalSelector, recordOf } from '../model/labels';
import { cmp } from '../model/text';
import { DEFAULT_DENY_NAME, policyName } from './names';
import { type IpAlias, type PeerContext, peerOf, podPeer, portOf } from './peers';
import { LatestMemo, rowsOf, translator } from './incremental';
import { emitNetworkPolicy } from './dialects/k8s';
import type { IrDirection, IrPair, PolicyIR } from './ir';
import { otherPodsMatched, workloadSelector } from './selectors';
import {
  POLICY_WARNING_CODES as W,
  type PolicyWarning,
  dedupeWarnings,
  invalidLabelsWarning,
} from './warnings';

export { toYaml } from './yaml';
export type { IpAlias } from './peers';

export interface GenerateInput {
  workload: WorkloadRef;
  entityType: EntityType;
  inventory: Inventory;
  /** Communications of this workload (others are ignored). */
  communications: Communication[];
  decisions: Decisions;
  /** Label keys the user never wants in a selector. */
  ignoreLabels?: string[];
  /** User aliases: an included IP inside one is written as the alias's CIDR. */
  aliases?: IpAlias[];
}

export interface GenerateResult {
  policy: NetworkPolicy;
  warnings: PolicyWarning[];
}

export interface IrResult {
  ir: PolicyIR;
  warnings: PolicyWarning[];
}

/** A selector no pod carries: used when nothing says which pods the workload has. */
const SELECTS_NOTHING: LabelSelector = {
  matchExpressions: [{ key: 'netpolish.io/selector-unknown', operator: 'Exists' }],
};

function policySelector(input: GenerateInput, ctx: PeerContext): LabelSelector {
  const { inventory: inv, workload: ref } = input;
  const { selector, source, invalid } = workloadSelector(inv, ref, input.ignoreLabels);
  const id = `${ref.kind} ${ref.namespace}/${ref.name}`;
  const bad = invalidLabelsWarning(id, invalid);
  if (bad) ctx.warn(bad);
  if (!selector) {
    ctx.warn({
      code: W.SELECTOR_UNKNOWN,
      message: `${id}: no selector or pod labels in the metadata; the policy selects no pod until you set spec.podSelector`,
    });
    return SELECTS_NOTHING;
  }
  const others = ref.kind === 'Service' ? [] : otherPodsMatched(inv, ref, selector);
  const owners = [...new Set(others.map((p) => `${p.owner.kind} ${p.owner.name}`))].sort(cmp);
  if (owners.length > 0) {
    ctx.warn({
      code: W.SELECTOR_OVERLAP,
      message: `${id}: its ${source} also selects pods of ${owners.join(', ')}`,
    });
  }
  return canonicalSelector(selector);
}

function observedPairs(ctx: PeerContext, comms: Communication[], dir: Direction): IrPair[] {
  const pairs: IrPair[] = [];
  // Translated once per row and context (incremental.ts): a toggle translates one row.
  const translated = translator(ctx);
  // One context for every row: its warnings go to the row being translated (`warn`), and a
  // row's description is made only for a warning about its port.
  let rowWarn = ctx.warn;
  const rowCtx: PeerContext = { ...ctx, warn: (w) => rowWarn(w) };
  for (const c of comms) {
    if (c.direction !== dir || !isIncluded(ctx.decisions, c)) continue;
    const pair = translated(c, (warn) => {
      rowWarn = warn;
      const port = portOf(warn, c.port, c.protocol, () => `${dir} ${describe(c)}`);
      if (port && c.endPort !== undefined && c.endPort > c.port) port.endPort = c.endPort;
      const peer = port && peerOf(rowCtx, c);
      return port && peer ? { peer, port } : null;
    });
    if (pair) pairs.push(pair);
  }
  return pairs;
}

function describe(c: Communication): string {
  const p = c.peer;
  const who =
    p.type === 'workload'
      ? `${p.kind} ${p.namespace}/${p.name}`
      : p.type === 'node'
        ? `node ${p.name}`
        : p.ip;
  return `${who} ${portText(c)}`;
}

function manualPairs(ctx: PeerContext, dir: Direction): IrPair[] {
  return ctx.decisions.manualRules
    .filter((r) => r.direction === dir)
    .flatMap((r) => {
      const cidr = toCidr(r.cidr);
      const what = `manual ${dir} rule ${r.cidr}`;
      if (!cidr) {
        ctx.warn({ code: W.NOT_EXPRESSIBLE, message: `${what}: not an IP or CIDR; left out` });
        return [];
      }
      const port = portOf(ctx.warn, r.port, r.protocol, what);
      return port ? [{ peer: { type: 'cidr' as const, cidr }, port }] : [];
    });
}

function dnsPairs(ctx: PeerContext): IrPair[] {
  const { dns, reason } = findDns(ctx.inventory);
  if (!dns) {
    ctx.warn({ code: W.DNS_NOT_FOUND, message: `allow DNS: ${reason}; no DNS rule added` });
    return [];
  }
  const { selector, invalid } = splitInvalidTerms({
    matchLabels: recordOf(Object.entries(dns.selector)),
  });
  const bad = invalidLabelsWarning(`DNS pods ${dns.namespace}`, invalid);
  if (bad) ctx.warn(bad);
  if (bad && !selector.matchLabels) return [];
  const peer = { ...podPeer(ctx, dns.namespace, selector), dns: true as const };
  return dns.ports.map((p) => ({ peer, port: { port: p.port, protocol: p.protocol } }));
}

function toRules(general: GeneralRule, pairs: IrPair[]): IrDirection {
  if (general === 'all') return 'all';
  const extra: IrPair[] =
    general === 'namespace' ? [{ peer: { type: 'namespace' }, port: null }] : [];
  return [...pairs, ...extra];
}

/** The IR policy for one workload (Service when entityType is Service) and its warnings. */
export function generatePolicyIr(input: GenerateInput): IrResult {
  const ref: WorkloadRef =
    input.entityType === 'Service' ? { ...input.workload, kind: 'Service' } : input.workload;
  const warnings: PolicyWarning[] = [];
  const ctx: PeerContext = {
    inventory: input.inventory,
    workload: ref,
    decisions: input.decisions,
    aliases: input.aliases ?? [],
    ignoreLabels: input.ignoreLabels ?? [],
    warn: (w) => warnings.push({ ...w, workload: ref }),
  };
  const subject = policySelector({ ...input, workload: ref }, ctx);
  const comms = rowsOf(input.communications, ref);
  const ingress = [...observedPairs(ctx, comms, 'ingress'), ...manualPairs(ctx, 'ingress')];
  const egress = [...observedPairs(ctx, comms, 'egress'), ...manualPairs(ctx, 'egress')];
  if (input.decisions.allowDns) egress.push(...dnsPairs(ctx));
  const ir: PolicyIR = {
    name: policyName(ref),
    namespace: ref.namespace,
    workload: ref,
    subject,
    ingress: toRules(input.decisions.ingressDefault, ingress),
    egress: toRules(input.decisions.egressDefault, egress),
  };
  return { ir, warnings: dedupeWarnings(warnings) };
}

/** The NetworkPolicy for one workload (Service when entityType is Service) and its warnings. */
export function generatePolicy(input: GenerateInput): GenerateResult {
  const { ir, warnings } = generatePolicyIr(input);
  const k8s = emitNetworkPolicy(ir);
  return { policy: k8s.policy, warnings: dedupeWarnings([...warnings, ...k8s.warnings]) };
}

export interface NamespaceInput extends Omit<GenerateInput, 'workload' | 'decisions'> {
  namespace: string;
  /** The workloads to cover; default: every workload of the namespace in `communications`. */
  workloads?: WorkloadRef[];
  /** Decisions per workload; a workload without any gets defaultDecisions. */
  decisions?: Decisions[];
}

const irMemos = new WeakMap<Inventory, LatestMemo<Communication[], IrResult>>();

/**
 * generatePolicyIr, incrementally (incremental.ts): a workload whose decisions and context did
 * not change since the last call with the same inventory and rows keeps its IR (the same
 * objects); a changed one is generated again, its unchanged rows translated once.
 */
export function latestPolicyIr(input: GenerateInput): IrResult {
  let memo = irMemos.get(input.inventory);
  if (!memo) irMemos.set(input.inventory, (memo = new LatestMemo()));
  const key = JSON.stringify([
    input.entityType,
    input.ignoreLabels ?? [],
    input.aliases ?? [],
    input.workload,
  ]);
  return memo.get(input.communications, key, input.decisions, () => generatePolicyIr(input));
}

/** The IR of a policy that selects every pod of the namespace and allows nothing. */
export function defaultDenyIr(namespace: string): PolicyIR {
  return { name: DEFAULT_DENY_NAME, namespace, subject: {}, ingress: [], egress: [] };
}

/** A NetworkPolicy that selects every pod of the namespace and allows nothing. */
export function defaultDenyPolicy(namespace: string): NetworkPolicy {
  return emitNetworkPolicy(defaultDenyIr(namespace)).policy;
}

function namespaceWorkloads(input: NamespaceInput): WorkloadRef[] {
  const all = input.workloads ?? input.communications.map((c) => c.workload);
  const byKey = new Map<WorkloadKey, WorkloadRef>();
  for (const w of all) {
    if (w.namespace === input.namespace) byKey.set(workloadKey(w), workloadRef(w));
  }
  return [...byKey.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, w]) => w);
}

/** One IR policy per workload of the namespace plus a default-deny for everything else, sorted. */
export function generateNamespaceIr(input: NamespaceInput): {
  policies: PolicyIR[];
  warnings: PolicyWarning[];
} {
  const results = namespaceWorkloads(input).map((workload) => {
    const decisions =
      input.decisions?.find((d) => sameWorkload(d.workload, workload)) ??
      defaultDecisions(workload);
    return latestPolicyIr({ ...input, workload, decisions });
  });
  results.sort((a, b) => cmp(a.ir.name, b.ir.name));
  return {
    policies: [defaultDenyIr(input.namespace), ...results.map((r) => r.ir)],
    warnings: results.flatMap((r) => r.warnings),
  };
}

/** The namespace's NetworkPolicies: its default-deny, then one per workload sorted by name. */
export function generateNamespacePolicies(input: NamespaceInput): {
  policies: NetworkPolicy[];
  warnings: PolicyWarning[];
} {
  const { policies, warnings } = generateNamespaceIr(input);
  const emitted = policies.map(emitNetworkPolicy);
  return {
    policies: emitted.map((e) => e.policy),
    warnings: [...warnings, ...emitted.flatMap((e) => e.warnings)],
  };
}
