/**
 * Why an IP peer is unresolved, in words (the Unresolved IPs tab's "Why" column): which class
 * rule matched and with which CIDR (an alias, a pod CIDR of a node, a cluster CIDR from the
 * settings, a Service clusterIP, a private or reserved range, public space), whether a pod of
 * the dump ever had the address (and when, if not while the traffic ran), and otherwise the
 * nearest known object by address. Pure: computed at query time from the inventory and the
 * classification context, like the class itself.
 */
import type { Inventory, PodInfo } from '../model/k8s';
import {
  addressValue,
  containsAddress,
  dottedQuadValue,
  parseCidrLenient,
  parseIpLenient,
  parsedIp,
  parsedRange,
  type Cidr,
  type ParsedIp,
} from '../model/address';
import { classifyParsed, type ClassifyContext } from './classify';
import { aliasFor } from './aliases';
import { ScopedMemo } from '../model/memo';
import { byPackedRanks } from '../model/packed-sort';

/**
 * A known address and what it belongs to: `kind` and `owner` say it ("node kind-worker", "pod
 * default/web-1", whatText) only for the one nearest address a reason names, not for each.
 */
export interface Known {
  value: bigint;
  family: 4 | 6;
  ip: string;
  kind: 'node' | 'Service' | 'pod';
  owner: { name: string; namespace?: string };
}

function whatText({ kind, owner }: Known): string {
  return kind === 'node' ? `node ${owner.name}` : `${kind} ${owner.namespace}/${owner.name}`;
}

export interface Explainer {
  /** The reason for `ip`, whose traffic ran from `first` to `last` (epoch ms; null when untimed). */
  explain(ip: string, first: number | null, last: number | null): string;
}

/**
 * An address's family, value and canonical text (null: not an address); `v4`, the value as a
 * number for a dotted quad, -1 otherwise.
 */
type Parsed = { family: 4 | 6; value: bigint; text: string; v4: number } | null;

/**
 * parseIpLenient remembered per text: a pod's IPs are read for two tables. A dotted quad (a
 * dump's usual address) is read in one pass, without an address object: the explainer reads
 * every address of the dump once per process, after the optimizing compiler was stopped
 * (≈ 5 µs an address through ipaddr there, 20 ms for a dump of 1,862 pods).
 */
function parser(): (text: string) => Parsed {
  const seen = new Map<string, Parsed>();
  return (text) => {
    let p = seen.get(text);
    if (p === undefined) seen.set(text, (p = parseKnown(text)));
    return p;
  };
}

function parseKnown(text: string): Parsed {
  const v4 = dottedQuadValue(text);
  if (v4 >= 0) return { family: 4, value: BigInt(v4), text, v4 };
  const addr = parseIpLenient(text);
  if (!addr) return null;
  return {
    family: addr.kind() === 'ipv4' ? 4 : 6,
    value: addressValue(addr),
    text: addr.toString(),
    v4: -1,
  };
}

function knownAddresses(inv: Inventory, parse: (text: string) => Parsed): Known[] {
  const out: Known[] = [];
  const numbers: number[] = [];
  const add = (text: string, kind: Known['kind'], owner: Known['owner']) => {
    const p = parse(text);
    if (!p) return;
    out.push({ value: p.value, family: p.family, ip: p.text, kind, owner });
    numbers.push(p.v4);
  };
  for (const n of inv.nodes) for (const a of n.addresses) add(a.address, 'node', n);
  for (const s of inv.services) for (const ip of s.clusterIPs) add(ip, 'Service', s);
  for (const p of inv.pods) if (!p.hostNetwork) for (const ip of p.ips) add(ip, 'pod', p);
  return sortedByValue(out, numbers);
}

/**
 * `known` in ascending value, equal values in their order (the stable comparator sort's). When
 * every value is a dotted quad's (`numbers`, below 2^32, so with at most 2^21 addresses the packed
 * numbers stay below 2^53), they are sorted by model/packed-sort.ts: no comparator runs
 * (≈ 2,000 addresses of a dump, sorted once per process after the optimizing compiler was
 * stopped, each comparison of two BigInts a call of interpreted code).
 */
export function sortedByValue(known: Known[], numbers: number[]): Known[] {
  const n = known.length;
  let packed = n <= 2 ** 21;
  for (let i = 0; i < n && packed; i++) packed = numbers[i]! >= 0;
  if (!packed) {
    return known.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  return byPackedRanks(known, numbers);
}

/** What the class rules look at, parsed once per explainer (not once per address asked). */
interface Rules {
  /** A normalised address → the Service or node that has it (Services first, in dump order). */
  owners: Map<string, string>;
  podCidrs: { cidr: string; node: string; parsed: Cidr }[];
  clusterCidrs: { cidr: string; parsed: Cidr }[];
}

function rulesOf(inv: Inventory, clusterCidrs: string[]): Rules {
  const owners = new Map<string, string>();
  const own = (ip: string, what: string) => {
    const a = parseIpLenient(ip)?.toString();
    if (a !== undefined && !owners.has(a)) owners.set(a, what);
  };
  for (const s of inv.services)
    for (const ip of s.clusterIPs) own(ip, `the clusterIP of Service ${s.namespace}/${s.name}`);
  for (const n of inv.nodes)
    for (const a of n.addresses) own(a.address, `an address of node ${n.name}`);
  const parsed = <T extends { cidr: string }>(list: T[]) =>
    list.flatMap((x) => {
      const c = parseCidrLenient(x.cidr);
      return c ? [{ ...x, parsed: c }] : [];
    });
  return {
    owners,
    podCidrs: parsed(inv.nodes.flatMap((n) => n.podCIDRs.map((cidr) => ({ cidr, node: n.name })))),
    clusterCidrs: parsed(clusterCidrs.map((cidr) => ({ cidr }))),
  };
}

/** Where the address's class comes from: the rule and its CIDR. */
function classRule(ctx: ClassifyContext, rules: Rules, parsed: ParsedIp): string {
  const { addr, text } = parsed;
  const owner = rules.owners.get(text);
  if (owner) return `internal: ${owner}`;
  const pod = rules.podCidrs.find((c) => containsAddress(c.parsed, addr));
  if (pod) return `internal: inside ${pod.cidr}, the pod CIDR of node ${pod.node}`;
  const mine = rules.clusterCidrs.find((c) => containsAddress(c.parsed, addr));
  if (mine) return `internal: inside ${mine.cidr}, a cluster CIDR of the settings`;
  if (classifyParsed(ctx, parsed) === 'external')
    return 'external: a public address (in no private or reserved range)';
  const range = parsedRange(parsed);
  return `unknown: ${range.cidr ? `inside ${range.cidr} (${range.name}), ` : ''}outside every pod CIDR and cluster CIDR`;
}

function when(ms: number | undefined): string {
  return ms === undefined
    ? '?'
    : new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}

/** A pod of the dump that had the address, and when (none: null). */
function podsHad(
  pods: PodInfo[] | undefined,
  first: number | null,
  last: number | null,
): string | null {
  if (!pods || pods.length === 0) return null;
  const p = pods[0]!;
  const more = pods.length > 1 ? ` (and ${pods.length - 1} more)` : '';
  const end = p.endTime === undefined ? 'the dump' : when(p.endTime);
  const apart =
    first !== null &&
    last !== null &&
    ((p.startTime ?? -Infinity) > last || (p.endTime ?? Infinity) < first)
      ? ', not while this traffic ran'
      : '';
  return `pod ${p.namespace}/${p.name}${more} had this IP from ${when(p.startTime)} to ${end}${apart}`;
}

/**
 * The known address nearest to `value` in `sorted` (one family, ascending): a binary search,
 * not a scan per address asked (ties: the lower; equal addresses: the first listed).
 */
function nearest(sorted: Known[], value: bigint): Known | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.value < value) lo = mid + 1;
    else hi = mid;
  }
  let below = lo - 1;
  while (below > 0 && sorted[below - 1]!.value === sorted[below]!.value) below--;
  const [b, a] = [sorted[below], sorted[lo]];
  if (!b || !a) return b ?? a ?? null;
  return value - b.value <= a.value - value ? b : a;
}

/** What an IP's reason says besides its alias: the class rule, then the pods or the nearest. */
interface Reason {
  rule: string;
  rest: string[];
  /** The reason without an alias, in words. */
  text: string;
}

/**
 * The alias-free reasons of the IPs asked so far, per inventory and cluster CIDRs (the class
 * rule reads only those): saving an alias re-asks every IP of a review, and only the alias
 * part of each reason can change. Weak by inventory; the 16 latest CIDR lists of each, each
 * list's reasons bounded.
 */
const reasons = new ScopedMemo<Inventory, Map<string, Reason>>(16);
const REASONS_LIMIT = 1 << 17;

function reasonsOf(inv: Inventory, clusterCidrs: string[]): Map<string, Reason> {
  const cache = reasons.get(inv, JSON.stringify(clusterCidrs), () => new Map());
  if (cache.size >= REASONS_LIMIT) cache.clear();
  return cache;
}

/**
 * The explainer of a query. `ctx` must be the classification context of `inv` and
 * `clusterCidrs` (its aliases may be any: they are read on each call).
 */
export function ipExplainer(
  inv: Inventory,
  ctx: ClassifyContext,
  clusterCidrs: string[],
): Explainer {
  const cache = reasonsOf(inv, clusterCidrs);
  let parts: Parts | null = null;
  return {
    explain(ip, first, last) {
      const parsed = parsedIp(ip);
      if (!parsed) return 'not an IP address';
      const key = `${parsed.text}|${first}|${last}`;
      let reason = cache.get(key);
      if (!reason) {
        parts ??= explainerParts(inv, clusterCidrs);
        reason = reasonFor(parts, ctx, parsed, first, last);
        cache.set(key, reason);
      }
      const alias = aliasFor(ctx, ip);
      if (!alias) return reason.text;
      const head = `aliased: ${alias.name} (${alias.cidr}), else ${reason.rule}`;
      return [head, ...reason.rest].join('; ');
    },
  };
}

interface Parts {
  inv: Inventory;
  known: Record<4 | 6, Known[]>;
  rules: Rules;
  podsByIp: Map<string, PodInfo[]>;
}

/** What the reasons are read from (made once per explainer, when an IP is not cached). */
function explainerParts(inv: Inventory, clusterCidrs: string[]): Parts {
  const parse = parser();
  const all = knownAddresses(inv, parse);
  const known = { 4: all.filter((k) => k.family === 4), 6: all.filter((k) => k.family === 6) };
  const podsByIp = new Map<string, PodInfo[]>();
  for (const p of inv.pods)
    for (const ip of p.ips) {
      const a = parse(ip)?.text;
      if (!a) continue;
      const had = podsByIp.get(a);
      if (had) had.push(p);
      else podsByIp.set(a, [p]);
    }
  return { inv, known, rules: rulesOf(inv, clusterCidrs), podsByIp };
}

function reasonFor(
  { inv, known, rules, podsByIp }: Parts,
  ctx: ClassifyContext,
  parsed: ParsedIp,
  first: number | null,
  last: number | null,
): Reason {
  const addr = parsed.addr;
  const rest: string[] = [];
  const had = podsHad(podsByIp.get(parsed.text), first, last);
  if (had) rest.push(had);
  else {
    rest.push(
      inv.pods.length > 0 ? 'no pod had this IP during the capture' : 'no pods in the dump',
    );
    const near = nearest(known[addr.kind() === 'ipv4' ? 4 : 6], addressValue(addr));
    if (near) rest.push(`nearest known: ${whatText(near)} (${near.ip})`);
  }
  const rule = classRule(ctx, rules, parsed);
  return { rule, rest, text: [rule, ...rest].join('; ') };
}
