/**
 * The parts of an admin policy rule: its peers (namespaces, pods, networks; nodes and
 * domainNames kept but not evaluated) and its ports (AdminNetworkPolicyPort of v1alpha1,
 * ClusterNetworkPolicyProtocol of v1alpha2). Problems are collected in a RuleCtx; a rule with
 * any `bad` entry is malformed.
 */
import type { AdminPeer, AdminPort, NamespacedPodSelector } from '../model/admin-policy';
import type { LabelSelector } from '../model/k8s';
import { arr, int, own, rec, str, type Rec } from './fields';
import { readLabelSelector } from './labels';
import { parseCidrStrict } from '../model/address';
import { isProtocol } from '../model/protocols';

/** What one rule's reading found; `bad` marks the rule invalid. */
export interface RuleCtx {
  bad: string[];
  ignored: string[];
}

export function selector(v: unknown, what: string, ctx: RuleCtx): LabelSelector | undefined {
  const { selector: sel, invalid, malformed } = readLabelSelector(v);
  if (sel === undefined) ctx.bad.push(`${what} is not a label selector`);
  else if (invalid > 0) ctx.bad.push(`${invalid} malformed matchExpressions in ${what}`);
  // Wrong types or label syntax: what is left could select more than was written.
  else if (malformed) ctx.bad.push(`${what} is not a valid label selector`);
  return sel;
}

export function namespacedPod(v: unknown, ctx: RuleCtx): NamespacedPodSelector | undefined {
  const r = rec(v);
  if (r === undefined) {
    ctx.bad.push('pods is not an object');
    return undefined;
  }
  const ns = own(r, 'namespaceSelector');
  const namespaceSelector = ns === undefined ? {} : selector(ns, 'namespaceSelector', ctx);
  const podSelector = selector(own(r, 'podSelector') ?? {}, 'podSelector', ctx);
  return namespaceSelector && podSelector ? { namespaceSelector, podSelector } : undefined;
}

export const PEER_FIELDS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'] as const;

function cidrList(v: unknown, field: string, ctx: RuleCtx): string[] {
  const list = arr(v).filter((c): c is string => typeof c === 'string');
  if (list.length === 0) ctx.bad.push(`${field} must contain at least one item`);
  for (const c of list)
    if (field === 'networks' && !parseCidrStrict(c)) ctx.bad.push('invalid CIDR address');
  return list;
}

/** One rule peer; exactly one of the fields the direction allows must be set. */
export function readPeer(
  v: unknown,
  allowed: readonly string[],
  ctx: RuleCtx,
): AdminPeer | undefined {
  const r = rec(v);
  const set = r ? PEER_FIELDS.filter((f) => own(r, f) !== undefined) : [];
  if (set.length !== 1 || !allowed.includes(set[0]!)) {
    ctx.bad.push('exactly one field must be set in a rule peer');
    return undefined;
  }
  const field = set[0]!;
  const value = own(r, field);
  switch (field) {
    case 'namespaces': {
      const s = selector(value, 'namespaces', ctx);
      return s && { namespaces: s };
    }
    case 'pods': {
      const p = namespacedPod(value, ctx);
      return p && { pods: p };
    }
    case 'nodes': {
      ctx.ignored.push('a nodes peer is not evaluated (it matches no endpoint here)');
      const s = selector(value, 'nodes', ctx);
      return s && { nodes: s };
    }
    case 'networks':
      return { networks: cidrList(value, 'networks', ctx) };
    default:
      ctx.ignored.push('a domainNames peer is not evaluated (it matches no endpoint here)');
      return { domainNames: cidrList(value, 'domainNames', ctx) };
  }
}

function validPort(n: number | undefined): n is number {
  return n !== undefined && n >= 1 && n <= 65535;
}

function protocolOf(v: unknown, ctx: RuleCtx): string {
  const p = v === undefined ? 'TCP' : typeof v === 'string' ? v.toUpperCase() : '';
  if (!isProtocol(p)) ctx.bad.push(`unsupported protocol ${JSON.stringify(v)}`);
  return p;
}

function range(protocol: string, r: Rec | undefined, ctx: RuleCtx): AdminPort | undefined {
  const start = int(own(r, 'start'));
  const end = int(own(r, 'end'));
  if (!validPort(start) || !validPort(end) || end < start) {
    ctx.bad.push(
      `port range ${String(start)}-${String(end)} is illegal; start and end must be in 1-65535 ` +
        'and end may not be less than start',
    );
    return undefined;
  }
  return { protocol, start, end };
}

/** The one field of `r` among `fields` (else a problem saying what `what` must hold). */
function oneOf(
  r: Rec | undefined,
  fields: string[],
  what: string,
  ctx: RuleCtx,
): string | undefined {
  const set = r ? fields.filter((f) => own(r, f) !== undefined) : [];
  if (set.length !== 1) ctx.bad.push(`exactly one field must be set in ${what}`);
  return set.length === 1 ? set[0] : undefined;
}

function namedPort(r: Rec | undefined, field: string, ctx: RuleCtx): AdminPort | undefined {
  const name = str(own(r, field));
  if (name === undefined) ctx.bad.push(`${field} must be a non-empty string`);
  return name === undefined ? undefined : { namedPort: name };
}

/** An AdminNetworkPolicyPort (v1alpha1): exactly one of portNumber, namedPort, portRange. */
export function readAnpPort(v: unknown, ctx: RuleCtx): AdminPort | undefined {
  const r = rec(v);
  const field = oneOf(
    r,
    ['portNumber', 'namedPort', 'portRange'],
    'an AdminNetworkPolicyPort',
    ctx,
  );
  if (field === undefined) return undefined;
  if (field === 'namedPort') return namedPort(r, field, ctx);
  const body = rec(own(r, field));
  const protocol = protocolOf(own(body, 'protocol'), ctx);
  if (field === 'portRange') return range(protocol, body, ctx);
  const port = int(own(body, 'port'));
  if (!validPort(port)) ctx.bad.push(`port ${JSON.stringify(own(body, 'port'))} is not in 1-65535`);
  return validPort(port) ? { protocol, port } : undefined;
}

/** A ClusterNetworkPolicyProtocol (v1alpha2): tcp|udp|sctp destinationPort, or destinationNamedPort. */
export function readCnpProtocol(v: unknown, ctx: RuleCtx): AdminPort | undefined {
  const r = rec(v);
  const fields = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  const field = oneOf(r, fields, 'a ClusterNetworkPolicyProtocol', ctx);
  if (field === undefined) return undefined;
  if (field === 'destinationNamedPort') return namedPort(r, field, ctx);
  const protocol = field.toUpperCase();
  const dest = rec(own(rec(own(r, field)), 'destinationPort'));
  const number = int(own(dest, 'number'));
  const hasRange = own(dest, 'range') !== undefined;
  if (dest === undefined || (number === undefined) === !hasRange) {
    ctx.bad.push('destinationPort must set exactly one of number and range');
    return undefined;
  }
  if (hasRange) return range(protocol, rec(own(dest, 'range')), ctx);
  if (!validPort(number)) ctx.bad.push(`port ${String(number)} is not in 1-65535`);
  return validPort(number) ? { protocol, port: number } : undefined;
}
