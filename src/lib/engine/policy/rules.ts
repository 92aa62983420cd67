/**
 * From (peer, port) pairs to NetworkPolicy rules: one rule per set of peers that share exactly the
 * same ports, so a peer appears once with all its ports and peers with equal ports share a rule.
 * Peers, ports and rules come out in a stable order (no input order leaks into the YAML).
 */
import type { NetworkPolicyPeer, NetworkPolicyPort } from '../model/k8s';
import { addressValue, parseCidrStrict } from '../model/address';
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
  if (c.family === 4) {
    // The address as one number's eight hex digits: the same text as byte by byte below.
    const hex = addressValue(c.address).toString(16).padStart(8, '0');
    return `4|${hex}|${String(c.prefix).padStart(3, '0')}`;
  }
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
  if (peer.ipBlock) {
    const except = peer.ipBlock.except;
    return `2|${cidrSortKey(peer.ipBlock.cidr)}|${except ? except.join(',') : ''}`;
  }
  const pod = peer.podSelector ? JSON.stringify(canonicalSelector(peer.podSelector)) : '-';
  if (!peer.namespaceSelector) return `0|${pod}`;
  return `1|${JSON.stringify(canonicalSelector(peer.namespaceSelector))}|${pod}`;
}

/** A port number or name in portKey: numbers padded so that text order is numeric order. */
function portPart(v: number | string | undefined): string {
  return v === undefined ? '*' : typeof v === 'number' ? String(v).padStart(5, '0') : `~${v}`;
}

/** The port portKey was last asked for and its key: a large policy's pairs share a few ports. */
const lastPort: { protocol?: string; port?: number | string; endPort?: number; key: string } = {
  key: '',
};

export function portKey(p: NetworkPolicyPort): string {
  const last = lastPort;
  if (
    last.key !== '' &&
    last.protocol === p.protocol &&
    last.port === p.port &&
    last.endPort === p.endPort
  )
    return last.key;
  last.protocol = p.protocol;
  last.port = p.port;
  last.endPort = p.endPort;
  last.key = `${p.protocol ?? 'TCP'}/${portPart(p.port)}-${portPart(p.endPort)}`;
  return last.key;
}

/**
 * One peer's ports while merging: every port (`all`), or its ports by key — the first one held
 * in the entry itself, a Map made only when a second key comes. A large policy's peers (an
 * address each) mostly have one port: no Map, key list or joined text is made for those.
 */
interface PeerEntry<Peer, Port> {
  key: string;
  peer: Peer;
  all: boolean;
  firstKey: string;
  first: Port | null;
  more: Map<string, Port> | null;
}

/** The text of an entry's port set: '' for every port, else its port keys sorted and joined. */
function portSetKey(e: PeerEntry<unknown, unknown>): string {
  if (e.all) return '';
  return e.more === null ? e.firstKey : [...e.more.keys()].sort().join(',');
}

/** The same grouping for any dialect's peers and ports, given their sort keys. */
export function mergeBy<Peer, Port>(
  pairs: readonly { peer: Peer; port: Port | null }[],
  peerKeyOf: (p: Peer) => string,
  portKeyOf: (p: Port) => string,
): { peers: Peer[]; ports?: Port[] }[] {
  // A peer's first object stands for its key; of a port key given twice, the last port.
  const byPeer = new Map<string, PeerEntry<Peer, Port>>();
  for (const { peer, port } of pairs) {
    const key = peerKeyOf(peer);
    let entry = byPeer.get(key);
    if (entry === undefined) {
      entry = { key, peer, all: false, firstKey: '', first: null, more: null };
      byPeer.set(key, entry);
    } else if (entry.all) continue;
    if (port === null) {
      entry.all = true;
      entry.more = null;
      continue;
    }
    const pk = portKeyOf(port);
    if (entry.more !== null) entry.more.set(pk, port);
    else if (entry.first === null || entry.firstKey === pk) {
      entry.firstKey = pk;
      entry.first = port;
    } else
      entry.more = new Map([
        [entry.firstKey, entry.first],
        [pk, port],
      ]);
  }
  // Peers grouped by their port set; a group's ports are its first peer's.
  const byPorts = new Map<
    string,
    { pk: string; ports: PeerEntry<Peer, Port>; peers: PeerEntry<Peer, Port>[] }
  >();
  for (const entry of byPeer.values()) {
    const pk = portSetKey(entry);
    const group = byPorts.get(pk);
    if (group === undefined) byPorts.set(pk, { pk, ports: entry, peers: [entry] });
    else group.peers.push(entry);
  }
  const groups = [...byPorts.values()];
  for (const g of groups) g.peers.sort((a, b) => cmp(a.key, b.key));
  groups.sort((a, b) => cmp(a.pk, b.pk) || cmp(a.peers[0]!.key, b.peers[0]!.key));
  return groups.map(({ ports: e, peers }) => {
    const rule: { peers: Peer[]; ports?: Port[] } = { peers: peers.map((p) => p.peer) };
    if (e.all) return rule;
    rule.ports =
      e.more === null
        ? [e.first as Port]
        : [...e.more.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, p]) => p);
    return rule;
  });
}

/** Groups by peer, then by identical port sets; output sorted by ports, then peers. */
export function mergeRules(pairs: readonly PeerPort[]): MergedRule[] {
  return mergeBy(pairs, peerKey, portKey);
}
