/**
 * `generate --exclude "<ingress|egress>:<peer>:<port>/<proto>"`: parsing the option (a bad one
 * is a UsageError) and matching it against a communication. The peer is `kind/namespace/name`
 * (kind in any case) or an IP or CIDR that contains the peer's address.
 */
import { UsageError } from './io';
import { cidrContainsIp, toCidr, type Communication, type Peer } from '../lib/engine/index';

export interface Exclusion {
  text: string;
  direction: 'ingress' | 'egress';
  peer: string;
  port: number | null;
  protocol: string | null;
}

/** Whether the exclusion names this communication (direction, peer, and port/protocol when given). */
export function excludes(e: Exclusion, c: Communication): boolean {
  if (e.direction !== c.direction) return false;
  if (e.port !== null && e.port !== c.port) return false;
  if (e.protocol !== null && e.protocol !== c.protocol.toUpperCase()) return false;
  return peerMatches(e.peer, c.peer);
}

function peerMatches(text: string, p: Peer): boolean {
  if (p.type === 'workload') {
    const [kind = '', ns = '', name = ''] = text.split('/');
    return kind.toLowerCase() === p.kind.toLowerCase() && ns === p.namespace && name === p.name;
  }
  const cidr = toCidr(text);
  return cidr !== null && cidrContainsIp(cidr, p.ip);
}

/** `<ingress|egress>:<peer>:<port>/<proto>`; the peer may hold colons (IPv6). */
export function exclusionArg(text: string): Exclusion {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  const direction = text.slice(0, first);
  const m = /^(\d+)(?:\/([A-Za-z]+))?$/.exec(text.slice(last + 1));
  const peer = text.slice(first + 1, last);
  const port = m ? Number(m[1]) : NaN;
  if (
    (direction !== 'ingress' && direction !== 'egress') ||
    first === last ||
    !m ||
    !peer ||
    port < 1 ||
    port > 65535
  ) {
    throw new UsageError(`--exclude '${text}' is not <ingress|egress>:<peer>:<port>/<proto>`);
  }
  const isPeer = peer.split('/').length === 3 || toCidr(peer) !== null;
  if (!isPeer)
    throw new UsageError(
      `--exclude '${text}': the peer is neither kind/namespace/name nor an IP or CIDR`,
    );
  return { text, direction, peer, port, protocol: m[2]?.toUpperCase() ?? null };
}
