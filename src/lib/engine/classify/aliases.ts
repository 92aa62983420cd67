/**
 * User aliases: a name for an IP or CIDR (`--alias CIDR=NAME`, the UI's alias dialog). The
 * most specific alias covering an address names it. CIDRs are stored canonical (network
 * address), so an alias can be used as a NetworkPolicy ipBlock.cidr as is.
 */
import type { ClassifyContext } from './classify';
import { containsAddress, parseCidrLenient, parsedIp } from '../model/address';

export interface Alias {
  cidr: string;
  name: string;
}

/** The most specific alias whose CIDR contains `ip`, or null. */
export function aliasFor(ctx: ClassifyContext, ip: string): Alias | null {
  if (ctx.aliases.length === 0) return null;
  const addr = parsedIp(ip)?.addr;
  if (addr === undefined) return null;
  return ctx.aliases.find((a) => containsAddress(a.cidr, addr))?.alias ?? null;
}

/** Parses `CIDR=NAME` (a bare IP is a /32 or /128). */
export function parseAliasArg(arg: string): Alias | { error: string } {
  const eq = arg.indexOf('=');
  if (eq < 0) return { error: `alias "${arg}" is not CIDR=NAME` };
  const cidrText = arg.slice(0, eq).trim();
  const name = arg.slice(eq + 1).trim();
  const cidr = parseCidrLenient(cidrText);
  if (cidr === null) return { error: `"${cidrText}" is not an IP address or CIDR` };
  if (name === '') return { error: `alias for ${cidrText} has no name` };
  return { cidr: cidr.cidr, name };
}
