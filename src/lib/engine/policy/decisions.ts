/**
 * The user's decisions for one workload as plain data (stored in IndexedDB, sent over the worker
 * boundary), and pure producers that return a new Decisions: `include(key)(d)`, `exclude(key)(d)`…
 * The UI state class and the CLI apply the same producers. No Svelte, no storage here.
 */
import type { CommKey } from '../model/ids';
import type { Communication, WorkloadRef } from '../model/communication';
import { cidrContainsIp, toCidr } from '../model/address';
import { own, recordOf } from '../model/labels';

export type GeneralRule = 'block' | 'namespace' | 'all';
export type Direction = 'ingress' | 'egress';

/** A rule added by hand: allow ingress from / egress to an IP or CIDR, on a port or all ports. */
export interface ManualRule {
  direction: Direction;
  cidr: string;
  port?: number;
  protocol: string;
}

export interface Decisions {
  workload: WorkloadRef;
  /** CommKey → include? An absent key takes the default (see isIncluded). */
  included: Record<string, boolean>;
  ingressDefault: GeneralRule;
  egressDefault: GeneralRule;
  allowDns: boolean;
  manualRules: ManualRule[];
  /**
   * IPs and CIDRs the user included as such (CLI `--include-ip`): every IP communication inside
   * one is included, and a CIDR is written as that exact ipBlock. Absent = none.
   */
  includedIps?: string[];
  /** The user marked the workload reviewed (a namespace's review tracks what is pending). */
  reviewed?: boolean;
}

export function defaultDecisions(w: WorkloadRef): Decisions {
  return {
    workload: { kind: w.kind, namespace: w.namespace, name: w.name },
    included: {},
    ingressDefault: 'block',
    egressDefault: 'block',
    allowDns: false,
    manualRules: [],
  };
}

/** The entry of `includedIps` that covers this IP, when there is one (first match, as given). */
export function includedIpEntry(d: Decisions, ip: string): string | undefined {
  return d.includedIps?.find((e) => {
    const cidr = toCidr(e);
    return cidr !== null && cidrContainsIp(cidr, ip);
  });
}

/**
 * Whether the communication goes into the policy. An explicit choice wins. By default resolved
 * peers (workloads, nodes) are in and IP peers are out, unless `includedIps` covers the IP; an
 * undetermined row (initiator unknown) is out: only a decision on it includes it.
 */
// NOTE: DESIGN.md §1.4 lists aliased IPs among the unresolved IPs, excluded by default; an alias
// only decides how an included IP is written (the alias's CIDR).
export function isIncluded(d: Decisions, c: Communication): boolean {
  const explicit = own(d.included, c.key);
  if (typeof explicit === 'boolean') return explicit;
  if (c.undetermined) return false;
  if (c.peer.type !== 'ip') return true;
  return includedIpEntry(d, c.peer.ip) !== undefined;
}

export const setIncluded =
  (keys: readonly CommKey[], value: boolean) =>
  (d: Decisions): Decisions => ({
    ...d,
    included: recordOf([
      ...Object.entries(d.included),
      ...keys.map((k): [string, boolean] => [k, value]),
    ]),
  });

export const include = (key: CommKey) => setIncluded([key], true);
export const exclude = (key: CommKey) => setIncluded([key], false);

/** Forgets the explicit choice for these keys: they take the default again. */
export const resetIncluded =
  (keys: readonly CommKey[]) =>
  (d: Decisions): Decisions => {
    const drop = new Set<string>(keys);
    return { ...d, included: recordOf(Object.entries(d.included).filter(([k]) => !drop.has(k))) };
  };

export const setGeneral =
  (direction: Direction, rule: GeneralRule) =>
  (d: Decisions): Decisions =>
    direction === 'ingress' ? { ...d, ingressDefault: rule } : { ...d, egressDefault: rule };

export const setReviewed =
  (reviewed: boolean) =>
  (d: Decisions): Decisions => ({ ...d, reviewed });

export const setAllowDns =
  (allow: boolean) =>
  (d: Decisions): Decisions => ({ ...d, allowDns: allow });

/** Adds a manual rule unless an identical one is there already. */
export const addManualRule =
  (rule: ManualRule) =>
  (d: Decisions): Decisions =>
    d.manualRules.some((r) => sameRule(r, rule))
      ? d
      : { ...d, manualRules: [...d.manualRules, { ...rule }] };

/** Removes the manual rule at `index` (the UI's row), or every rule equal to `rule`. */
export const removeManualRule =
  (which: number | ManualRule) =>
  (d: Decisions): Decisions => ({
    ...d,
    manualRules: d.manualRules.filter((r, i) =>
      typeof which === 'number' ? i !== which : !sameRule(r, which),
    ),
  });

export const addIncludedIp =
  (ipOrCidr: string) =>
  (d: Decisions): Decisions =>
    (d.includedIps ?? []).includes(ipOrCidr)
      ? d
      : { ...d, includedIps: [...(d.includedIps ?? []), ipOrCidr] };

export const removeIncludedIp =
  (ipOrCidr: string) =>
  (d: Decisions): Decisions => ({
    ...d,
    includedIps: (d.includedIps ?? []).filter((e) => e !== ipOrCidr),
  });

function sameRule(a: ManualRule, b: ManualRule): boolean {
  return (
    a.direction === b.direction &&
    a.cidr === b.cidr &&
    a.port === b.port &&
    a.protocol.toUpperCase() === b.protocol.toUpperCase()
  );
}
