/**
 * One rule against one connection end (SEMANTICS.md §4, §5, §7): whether a rule's peer list
 * selects an endpoint, and which connections its port list allows towards a destination
 * (named ports resolved on the destination pod, with protocol). Endpoints are pods (with their
 * namespace's labels), single addresses, or address blocks (external ranges).
 */
import type { IPBlock, NetworkPolicyPeer, NetworkPolicyPort, PodInfo } from '../model/k8s';
import {
  allConns,
  connsOf,
  isProtocol,
  MAX_PORT,
  MIN_PORT,
  noConns,
  unionConns,
  type ConnSet,
} from './conn-set';
import type { PreparedContext } from './context';
import { contains, isSubset, cidrSet, ipValue, subtract, type IpValue, type IpSet } from './ip-set';
import { matchesSelector } from '../model/labels';

export type Endpoint =
  | { kind: 'pod'; pod: PodInfo; nsLabels: Record<string, string> }
  /** Addresses of one endpoint (an IP, or a node-like hostNetwork pod): any may match. */
  | { kind: 'addr'; addresses: IpValue[] }
  /** A block of external addresses: an ipBlock matches only if it covers all of it. */
  | { kind: 'block'; set: IpSet };

const blockCache = new WeakMap<IPBlock, IpSet | null>();

/** `cidr` minus every `except`; null when a CIDR is invalid (the apiserver rejects it). */
export function ipBlockSet(block: IPBlock): IpSet | null {
  const cached = blockCache.get(block);
  if (cached !== undefined) return cached;
  let set = typeof block.cidr === 'string' ? cidrSet(block.cidr) : null;
  for (const ex of block.except ?? []) {
    const hole = set && typeof ex === 'string' ? cidrSet(ex) : null;
    set = hole && set && hole.family === set.family ? subtract(set, hole) : null;
  }
  blockCache.set(block, set);
  return set;
}

function podMatchesBlock(pod: PodInfo, block: IpSet): boolean {
  return pod.ips.some((ip) => {
    const a = ipValue(ip);
    return a !== null && contains(block, a);
  });
}

function ipBlockMatches(prep: PreparedContext, ipBlock: IPBlock, ep: Endpoint): boolean {
  const block = ipBlockSet(ipBlock);
  if (!block) return false;
  switch (ep.kind) {
    case 'block':
      return isSubset(ep.set, block);
    case 'addr':
      return ep.addresses.some((a) => contains(block, a));
    case 'pod':
      // NOTE: ipBlock vs pod IPs is implementation-defined (SEMANTICS.md §5): a switch.
      return prep.ipBlockMatchesPods && podMatchesBlock(ep.pod, block);
  }
}

function peerMatches(
  prep: PreparedContext,
  peer: NetworkPolicyPeer,
  policyNs: string,
  ep: Endpoint,
): boolean {
  const { podSelector, namespaceSelector, ipBlock } = peer;
  if (ipBlock) return !podSelector && !namespaceSelector && ipBlockMatches(prep, ipBlock, ep);
  if (!podSelector && !namespaceSelector) return false;
  // NOTE: selector peers match pods only, never external or node addresses (SEMANTICS.md §5).
  if (ep.kind !== 'pod') return false;
  const nsOk = namespaceSelector
    ? matchesSelector(namespaceSelector, ep.nsLabels)
    : ep.pod.namespace === policyNs;
  return nsOk && (!podSelector || matchesSelector(podSelector, ep.pod.labels));
}

/** A rule's `from`/`to`: absent or empty matches every endpoint; else the peers are ORed. */
export function peersMatch(
  prep: PreparedContext,
  peers: NetworkPolicyPeer[] | undefined,
  policyNs: string,
  ep: Endpoint,
): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some((peer) => peerMatches(prep, peer, policyNs, ep));
}

function namedPortConns(name: string, protocol: string, dst: Endpoint): ConnSet {
  // NOTE: a named port resolves on the destination pod, name AND protocol (SEMANTICS.md §7);
  // towards an address it resolves to nothing.
  if (dst.kind !== 'pod' || !isProtocol(protocol)) return noConns();
  const cp = dst.pod.containerPorts.find((c) => c.name === name);
  if (!cp || (cp.protocol || 'TCP') !== protocol) return noConns();
  return connsOf(protocol, [[cp.containerPort, cp.containerPort]]);
}

function portEntryConns(entry: NetworkPolicyPort, dst: Endpoint): ConnSet {
  const protocol = entry.protocol ?? 'TCP';
  if (!isProtocol(protocol)) return noConns();
  const { port, endPort } = entry;
  if (port === undefined || port === null) return connsOf(protocol, [[MIN_PORT, MAX_PORT]]);
  if (typeof port === 'string') return namedPortConns(port, protocol, dst);
  if (typeof endPort === 'number') return connsOf(protocol, [[port, endPort]]);
  return connsOf(protocol, [[port, port]]);
}

/** Port lists without a named port allow the same towards every destination: computed once. */
const portsCache = new WeakMap<NetworkPolicyPort[], ConnSet>();

/**
 * A rule's `ports` towards `dst`: absent or empty allows everything; else the entries are ORed.
 * The set may be shared between calls: treat it as immutable.
 */
export function portsConns(ports: NetworkPolicyPort[] | undefined, dst: Endpoint): ConnSet {
  if (!ports || ports.length === 0) return allConns();
  const cached = portsCache.get(ports);
  if (cached) return cached;
  const conns = ports.reduce(
    (acc, entry) => unionConns(acc, portEntryConns(entry, dst)),
    noConns(),
  );
  if (ports.every((entry) => typeof entry.port !== 'string')) portsCache.set(ports, conns);
  return conns;
}
