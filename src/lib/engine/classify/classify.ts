/**
 * IP classes (DESIGN.md §3.3, §5): internal = inside a pod CIDR (nodes' spec.podCIDR(s) and
 * the user's cluster CIDRs), a known Service clusterIP, or an exact node address (no inferred
 * CIDRs); external = a public address; unknown = private or reserved space outside those.
 * Applied at query time, so new aliases or cluster CIDRs never need the files again.
 */
import type { IpClass } from '../model/communication';
import type { Inventory } from '../model/k8s';
import type { Alias } from './aliases';
import {
  containsAddress,
  parseCidrLenient,
  parseIpLenient,
  parsedIp,
  parsedRange,
  type Cidr,
  type ParsedIp,
} from '../model/address';

export interface ClassifyContext {
  podCidrs: Cidr[];
  /** Canonical text of every Service clusterIP. */
  serviceIps: Set<string>;
  /** Canonical text of every node address. */
  nodeIps: Set<string>;
  /** Aliases with their parsed CIDR, most specific first. */
  aliases: { alias: Alias; cidr: Cidr }[];
}

/** ipaddr.js ranges of globally routed unicast space (everything else is private/reserved). */
const PUBLIC_RANGES = new Set(['unicast', 'as112', 'as112v6', 'amt']);

function canonical(ips: string[]): Set<string> {
  const out = new Set<string>();
  for (const s of ips) {
    const ip = parseIpLenient(s);
    if (ip !== null) out.add(ip.toString());
  }
  return out;
}

function parsedAll(cidrs: string[]): Cidr[] {
  return cidrs.map(parseCidrLenient).filter((c): c is Cidr => c !== null);
}

/**
 * Most specific first; for the same CIDR the later alias wins (a newer mapping replaces it).
 */
function orderAliases(aliases: Alias[]): ClassifyContext['aliases'] {
  const parsed = aliases
    .map((alias, i) => ({ alias, cidr: parseCidrLenient(alias.cidr), i }))
    .filter((a): a is { alias: Alias; cidr: Cidr; i: number } => a.cidr !== null);
  parsed.sort((a, b) => b.cidr.prefix - a.cidr.prefix || b.i - a.i);
  return parsed.map(({ alias, cidr }) => ({ alias, cidr }));
}

export function classifyContext(
  inv: Inventory,
  clusterCidrs: string[],
  aliases: Alias[],
): ClassifyContext {
  return {
    podCidrs: parsedAll([...inv.nodes.flatMap((n) => n.podCIDRs), ...clusterCidrs]),
    serviceIps: canonical(inv.services.flatMap((s) => s.clusterIPs)),
    nodeIps: canonical(inv.nodes.flatMap((n) => n.addresses.map((a) => a.address))),
    aliases: orderAliases(aliases),
  };
}

/** Internal, external or unknown (not an IP at all → unknown). */
export function classifyIp(ctx: ClassifyContext, ip: string): IpClass {
  const p = parsedIp(ip);
  return p === null ? 'unknown' : classifyParsed(ctx, p);
}

/** classifyIp of an address parsed already. */
export function classifyParsed(ctx: ClassifyContext, parsed: ParsedIp): IpClass {
  const { addr, text } = parsed;
  if (ctx.serviceIps.has(text) || ctx.nodeIps.has(text)) return 'internal';
  if (ctx.podCidrs.some((c) => containsAddress(c, addr))) return 'internal';
  return PUBLIC_RANGES.has(parsedRange(parsed).name) ? 'external' : 'unknown';
}
