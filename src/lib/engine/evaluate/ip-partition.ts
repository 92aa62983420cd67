/**
 * The external address blocks of a connectivity report, computed as netpol-analyzer does
 * (`DisjointIPBlocks` in np-guard/models): every ipBlock of the policies (cidr minus except,
 * split into ranges), plus the whole address space, refined into disjoint blocks, smallest
 * first. Ingress sources and egress destinations are partitioned separately.
 */
import type { AdminPolicy } from '../model/admin-policy';
import type { NetworkPolicy } from '../model/k8s';
import type { Direction } from './direction';
import {
  fullSet,
  intersect,
  isEmpty,
  sameSet,
  size,
  subtract,
  type IpFamily,
  cidrSet,
  type IpSet,
} from './ip-set';
import { policyNormalize } from './normalize';
import { ipBlockSet } from './rule-match';

/** Each span of each ipBlock that the policies' `dir` rules reference, in input order. */
export function referencedBlocks(policies: NetworkPolicy[], dir: Direction): IpSet[] {
  const out: IpSet[] = [];
  for (const raw of policies) {
    const spec = policyNormalize(raw).spec;
    const peerLists =
      dir === 'ingress'
        ? (spec.ingress ?? []).map((r) => r.from)
        : (spec.egress ?? []).map((r) => r.to);
    for (const peer of peerLists.flatMap((peers) => peers ?? [])) {
      const set = peer.ipBlock ? ipBlockSet(peer.ipBlock) : null;
      for (const span of set?.spans ?? []) out.push({ family: set!.family, spans: [span] });
    }
  }
  return out;
}

function split(set: IpSet): IpSet[] {
  return set.spans.map((span) => ({ family: set.family, spans: [span] }));
}

/** netpol-analyzer's `addIntervalToList`: refine `list` with `fresh`. */
function addToList(fresh: IpSet, list: IpSet[]): IpSet[] {
  let rest = fresh;
  const toAdd: IpSet[] = [];
  for (let i = 0; i < list.length; i++) {
    const cur = list[i]!;
    const common = intersect(cur, rest);
    if (isEmpty(common)) continue;
    rest = subtract(rest, common);
    if (!sameSet(cur, common)) {
      toAdd.push(common);
      list[i] = subtract(cur, common);
    }
    if (isEmpty(rest)) break;
  }
  return [...list, ...split(rest), ...toAdd];
}

/** Disjoint blocks covering the whole `family` space, refined by `blocks` of that family. */
export function disjointBlocks(blocks: IpSet[], family: IpFamily): IpSet[] {
  const sorted = [...blocks.filter((b) => b.family === family), fullSet(family)]
    .map((b, i) => ({ b, i, n: size(b) }))
    .sort((x, y) => (x.n < y.n ? -1 : x.n > y.n ? 1 : x.i - y.i))
    .map((x) => x.b);
  let out: IpSet[] = [];
  for (const b of sorted) out = addToList(b, out);
  return out;
}

/** Each span of each CIDR in the admin policies' egress `networks` (they have no ingress ones). */
export function adminReferencedBlocks(policies: AdminPolicy[], dir: Direction): IpSet[] {
  if (dir === 'ingress') return [];
  const out: IpSet[] = [];
  for (const cidr of policies.flatMap((p) => p.egress.flatMap((r) => r.peers))) {
    if (!('networks' in cidr)) continue;
    for (const set of cidr.networks.map(cidrSet)) {
      for (const span of set?.spans ?? []) out.push({ family: set!.family, spans: [span] });
    }
  }
  return out;
}

/**
 * The external peers for one direction: IPv4 always (as the oracle), IPv6 only when some
 * NetworkPolicy references an IPv6 block (netpol-analyzer does not list IPv6 space for admin
 * policies' networks; they still refine it when it is listed).
 */
export function externalBlocks(
  policies: NetworkPolicy[],
  dir: Direction,
  adminPolicies: AdminPolicy[] = [],
): IpSet[] {
  const np = referencedBlocks(policies, dir);
  const refs = [...np, ...adminReferencedBlocks(adminPolicies, dir)];
  const v4 = disjointBlocks(refs, 4);
  return np.some((b) => b.family === 6) ? [...v4, ...disjointBlocks(refs, 6)] : v4;
}
