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
import {
  contains,
  emptySet,
  isSubset,
  cidrSet,
  ipValue,
  subtract,
  union,
  type IpValue,
  type IpSet,
} from './ip-set';
import { matchesSelector } from '../model/labels';

export type Endpoint =
  | { kind: 'pod'; pod: PodInfo; nsLabels: Record<string, string> }
  /** Addresses of one endpoint (an IP, or a node-like hostNetwork pod): any may match. */
  | { kind: 'addr'; addresses: readonly IpValue[] }
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

/**
 * A long peer list (a generated policy allowing 10,000 addresses) is indexed once: its plain
 * ipBlocks, ORed, as one set of disjoint spans per family, so an address or a pod IP is matched
 * by a binary search instead of a walk over every peer. The other peers are walked as before.
 */
interface PeerIndex {
  others: NetworkPolicyPeer[];
  blocks: IpSet[];
}

/** Lists shorter than this are walked (indexing costs more than it saves). */
const INDEXED = 16;
const indexCache = new WeakMap<NetworkPolicyPeer[], PeerIndex>();

function peerIndex(peers: NetworkPolicyPeer[]): PeerIndex {
  const cached = indexCache.get(peers);
  if (cached) return cached;
  const others: NetworkPolicyPeer[] = [];
  const spans = new Map<IpSet['family'], IpSet['spans']>();
  for (const peer of peers) {
    const set =
      peer.ipBlock && !peer.podSelector && !peer.namespaceSelector && ipBlockSet(peer.ipBlock);
    if (set) {
      const list = spans.get(set.family) ?? [];
      list.push(...set.spans);
      spans.set(set.family, list);
    } else if (!peer.ipBlock) others.push(peer);
  }
  const blocks = [...spans].map(([family, s]) => union({ family, spans: s }, emptySet(family)));
  const index = { others, blocks };
  indexCache.set(peers, index);
  return index;
}

/** Whether one of the disjoint, sorted sets holds the address (binary search). */
function inBlocks(blocks: IpSet[], a: IpValue): boolean {
  const spans = blocks.find((b) => b.family === a.family)?.spans ?? [];
  let [lo, hi] = [0, spans.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (a.value < s.start) hi = mid - 1;
    else if (a.value > s.end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A rule's `from`/`to`: absent or empty matches every endpoint; else the peers are ORed. */
export function peersMatch(
  prep: PreparedContext,
  peers: NetworkPolicyPeer[] | undefined,
  policyNs: string,
  ep: Endpoint,
): boolean {
  if (!peers || peers.length === 0) return true;
  // A block endpoint must fit inside one ipBlock, not their union: walked.
  if (peers.length < INDEXED || ep.kind === 'block')
    return peers.some((peer) => peerMatches(prep, peer, policyNs, ep));
  const { others, blocks } = peerIndex(peers);
  if (others.some((peer) => peerMatches(prep, peer, policyNs, ep))) return true;
  if (ep.kind === 'addr') return ep.addresses.some((a) => inBlocks(blocks, a));
  // NOTE: ipBlock vs pod IPs is implementation-defined (SEMANTICS.md §5): a switch.
  return (
    prep.ipBlockMatchesPods &&
    ep.pod.ips.some((ip) => {
      const a = ipValue(ip);
      return a !== null && inBlocks(blocks, a);
    })
  );
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
