/**
 * From (peer, port) pairs to NetworkPolicy rules: one rule per set of peers that share exactly the
 * same ports, so a peer appears once with all its ports and peers with equal ports share a rule.
 * Peers, ports and rules come out in a stable order (no input order leaks into the YAML).
 */
import type { NetworkPolicyPeer, NetworkPolicyPort } from '../model/k8s';
import { parseCidrStrict } from '../model/address';
import { canonicalSelector } from '../model/labels';
import { cmp } from '../model/text';
import { textMemo } from '../model/memo';

/** One allowed (peer, port) pair; `port: null` = every port and protocol. */
export interface PeerPort {
  peer: NetworkPolicyPeer;
  port: NetworkPolicyPort | null;
}

export interface MergedRule {
  peers: NetworkPolicyPeer[];
  /** Absent = all ports. */
  ports?: NetworkPolicyPort[];
}

/**
 * Address order of a CIDR: by family, then numerically, then by prefix. Remembered per text
 * (bounded): regenerated policies bring new peer objects of the same addresses.
 */
export const cidrSortKey: (cidr: string) => string = textMemo(100_000, cidrSortKeyOf);

function cidrSortKeyOf(cidr: string): string {
  const c = parseCidrStrict(cidr);
  if (!c) return `9|${cidr}`;
  const bytes = c.address.toByteArray().map((b) => b.toString(16).padStart(2, '0'));
  return `${c.family}|${bytes.join('')}|${String(c.prefix).padStart(3, '0')}`;
}

const peerKeys = new WeakMap<NetworkPolicyPeer, string>();

/** Sort key of a peer: same-namespace pods, then other namespaces, then ipBlocks by address. */
export function peerKey(peer: NetworkPolicyPeer): string {
  let key = peerKeys.get(peer);
  if (key === undefined) peerKeys.set(peer, (key = peerKeyOf(peer)));
  return key;
}

function peerKeyOf(peer: NetworkPolicyPeer): string {
  if (peer.ipBlock)
    return `2|${cidrSortKey(peer.ipBlock.cidr)}|${(peer.ipBlock.except ?? []).join(',')}`;
  const pod = peer.podSelector ? JSON.stringify(canonicalSelector(peer.podSelector)) : '-';
  if (!peer.namespaceSelector) return `0|${pod}`;
  return `1|${JSON.stringify(canonicalSelector(peer.namespaceSelector))}|${pod}`;
}

export function portKey(p: NetworkPolicyPort): string {
  const n = (v: number | string | undefined) =>
    v === undefined ? '*' : typeof v === 'number' ? String(v).padStart(5, '0') : `~${v}`;
  return `${p.protocol ?? 'TCP'}/${n(p.port)}-${n(p.endPort)}`;
}

/** The same grouping for any dialect's peers and ports, given their sort keys. */
export function mergeBy<Peer, Port>(
  pairs: readonly { peer: Peer; port: Port | null }[],
  peerKeyOf: (p: Peer) => string,
  portKeyOf: (p: Port) => string,
): { peers: Peer[]; ports?: Port[] }[] {
  const byPeer = new Map<string, { peer: Peer; ports: Map<string, Port> | 'all' }>();
  for (const { peer, port } of pairs) {
    const key = peerKeyOf(peer);
    const entry = byPeer.get(key) ?? { peer, ports: new Map() };
    if (port === null) entry.ports = 'all';
    else if (entry.ports !== 'all') entry.ports.set(portKeyOf(port), port);
    byPeer.set(key, entry);
  }
  const byPorts = new Map<string, { ports: Map<string, Port> | 'all'; peers: [string, Peer][] }>();
  for (const [key, { peer, ports }] of byPeer) {
    const pk = ports === 'all' ? '' : [...ports.keys()].sort().join(',');
    const group = byPorts.get(pk) ?? { ports, peers: [] };
    group.peers.push([key, peer]);
    byPorts.set(pk, group);
  }
  return [...byPorts.entries()]
    .map(([pk, g]) => ({ pk, g, peers: g.peers.sort((a, b) => cmp(a[0], b[0])) }))
    .sort((a, b) => cmp(a.pk, b.pk) || cmp(a.peers[0]![0], b.peers[0]![0]))
    .map(({ g, peers }) => {
      const rule: { peers: Peer[]; ports?: Port[] } = { peers: peers.map(([, p]) => p) };
      if (g.ports !== 'all') {
        rule.ports = [...g.ports.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, p]) => p);
      }
      return rule;
    });
}

/** Groups by peer, then by identical port sets; output sorted by ports, then peers. */
export function mergeRules(pairs: readonly PeerPort[]): MergedRule[] {
  return mergeBy(pairs, peerKey, portKey);
}
