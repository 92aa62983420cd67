/**
 * One included communication → one (peer, port) pair of the policy IR. Workloads become pod
 * peers (their selector in their namespace); nodes stay nodes (by address); IPs become ranges
 * (an included CIDR as written, an aliased IP as its alias's CIDR, else /32 or /128). Whatever
 * cannot be expressed is left out with a warning.
 */
import type { Communication, WorkloadRef } from '../model/communication';
import type { Inventory, LabelSelector } from '../model/k8s';
import { canonicalCidr, cidrContainsIp, hostCidr, parseCidrStrict } from '../model/address';
import { type Decisions, includedIpEntry } from './decisions';
import { NAMESPACE_NAME_LABEL } from '../model/labels';
import type { IrPeer, IrPort } from './ir';
import { isProtocol } from '../model/protocols';
import { podsOf } from '../inventory/backing';
import { workloadSelector } from './selectors';
import { POLICY_WARNING_CODES as W, type PolicyWarning, invalidLabelsWarning } from './warnings';
import { isDns1123Label } from '../model/label-syntax';

/** A user alias: a name for an IP range. */
export interface IpAlias {
  cidr: string;
  name: string;
}

export interface PeerContext {
  inventory: Inventory;
  /** The workload whose policy is built (its namespace is the policy's). */
  workload: WorkloadRef;
  decisions: Decisions;
  aliases: readonly IpAlias[];
  ignoreLabels: readonly string[];
  warn: (w: Omit<PolicyWarning, 'workload'>) => void;
}

/** The peer of the pods of `ns` matching `selector`; warns when `ns` is another, unlabelled one. */
export function podPeer(
  ctx: Pick<PeerContext, 'inventory' | 'workload' | 'warn'>,
  ns: string,
  selector: LabelSelector,
): IrPeer & { type: 'pods' } {
  if (ns === ctx.workload.namespace) return { type: 'pods', namespace: ns, selector };
  const info = ctx.inventory.namespaces.find((n) => n.name === ns);
  if (!info || info.synthesized === true || Object.keys(info.labels).length === 0) {
    ctx.warn({
      code: W.NAMESPACE_UNLABELLED,
      message: `namespace ${ns}: the metadata shows no Namespace object with labels; the peer relies on ${NAMESPACE_NAME_LABEL}, set by Kubernetes 1.21 and later`,
    });
  }
  return { type: 'pods', namespace: ns, selector };
}

function workloadPeer(ctx: PeerContext, ref: WorkloadRef): IrPeer | null {
  const { selector, invalid } = workloadSelector(ctx.inventory, ref, ctx.ignoreLabels);
  const id = `${ref.kind} ${ref.namespace}/${ref.name}`;
  const bad = invalidLabelsWarning(id, invalid);
  if (bad) ctx.warn(bad);
  if (!isDns1123Label(ref.namespace)) {
    ctx.warn({
      code: W.LABEL_INVALID,
      message: `${id}: its namespace name is not one Kubernetes accepts; the peer was left out`,
    });
    return null;
  }
  if (!selector) {
    ctx.warn({
      code: W.PEER_SELECTOR_UNKNOWN,
      message: `${id}: no labels known for its pods; left out`,
    });
    return null;
  }
  if (podsOf(ctx.inventory, ref).some((p) => p.hostNetwork)) {
    ctx.warn({
      code: W.HOST_NETWORK_PEER,
      message: `${id} runs in the host network: most CNIs ignore selectors for such pods (allow its node IPs instead)`,
    });
  }
  return podPeer(ctx, ref.namespace, selector);
}

/** The alias whose range covers the IP, most specific first; by name when the peer has one. */
function aliasCidr(ctx: PeerContext, ip: string, name: string | null): string | null {
  // Most reviews have no alias: no list is filtered for each of 10,000 addresses.
  if (ctx.aliases.length === 0) return null;
  const covering = ctx.aliases
    .filter((a) => cidrContainsIp(a.cidr, ip) && (name === null || a.name === name))
    .sort(
      (a, b) => (parseCidrStrict(b.cidr)?.prefix ?? 0) - (parseCidrStrict(a.cidr)?.prefix ?? 0),
    );
  return covering[0] ? canonicalCidr(covering[0].cidr) : null;
}

function ipPeer(ctx: PeerContext, p: Communication['peer'] & { type: 'ip' }): IrPeer | null {
  const { ip, alias } = p;
  const entry = includedIpEntry(ctx.decisions, ip);
  // Parsed once: a review may translate 10,000 addresses at a time (an alias saved).
  const host = hostCidr(ip);
  const cidr =
    (entry?.includes('/') ? canonicalCidr(entry) : null) ?? aliasCidr(ctx, ip, alias) ?? host;
  if (!cidr) {
    ctx.warn({ code: W.NOT_EXPRESSIBLE, message: `peer address '${ip}' is not an IP; left out` });
    return null;
  }
  if (alias === null && !entry?.includes('/') && cidr === host) {
    const internal = p.class === 'internal' ? ' (an in-cluster address: pod IPs change)' : '';
    ctx.warn({
      code: W.UNRESOLVED_IP,
      message: `${ip} is included without an alias and allowed as ${cidr}${internal}`,
    });
  }
  // The capture's names describe this one address, not a range an alias or a CIDR chose.
  const names = cidr === host ? p.names : undefined;
  return names && names.length > 0
    ? { type: 'cidr', cidr, names: [...names] }
    : { type: 'cidr', cidr };
}

function nodePeer(ctx: PeerContext, name: string, ip: string): IrPeer | null {
  const cidr = hostCidr(ip);
  if (!cidr) {
    ctx.warn({ code: W.NOT_EXPRESSIBLE, message: `node ${name}: '${ip}' is not an IP; left out` });
    return null;
  }
  ctx.warn({
    code: W.HOST_NETWORK_PEER,
    message: `node ${name} (${ip}) is allowed by its address (an ipBlock): selectors never match nodes or host-network pods`,
  });
  return { type: 'node', name, cidr };
}

/** The policy peer for a communication's peer, or null (warned) when it cannot be expressed. */
export function peerOf(ctx: PeerContext, c: Communication): IrPeer | null {
  const p = c.peer;
  if (p.type === 'workload')
    return workloadPeer(ctx, { kind: p.kind, namespace: p.namespace, name: p.name });
  if (p.type === 'node') return nodePeer(ctx, p.name, p.ip);
  return ipPeer(ctx, p);
}

const textOf = (what: string | (() => string)) => (typeof what === 'string' ? what : what());

/**
 * The port entry (numeric pod port + protocol), or null (warned) for what policies cannot hold.
 * `what` names the port in a warning: a function is asked only when one is raised.
 */
export function portOf(
  warn: PeerContext['warn'],
  port: number | undefined,
  protocol: string,
  what: string | (() => string),
): IrPort | null {
  const proto = protocol.toUpperCase() as IrPort['protocol'];
  if (!isProtocol(proto)) {
    warn({
      code: W.NOT_EXPRESSIBLE,
      message: `${textOf(what)}: protocol ${protocol} cannot be expressed in a NetworkPolicy; left out`,
    });
    return null;
  }
  if (port === undefined) return { protocol: proto };
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    warn({
      code: W.NOT_EXPRESSIBLE,
      message: `${textOf(what)}: port ${port} is outside 1–65535; left out`,
    });
    return null;
  }
  return { port, protocol: proto };
}
