/**
 * NetworkPolicy objects → the model's NetworkPolicy: plain, with only the fields the policy
 * semantics use, the apiserver's defaults applied (policyTypes, port protocol), and malformed
 * parts reported instead of silently widening the policy.
 */
import type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../model/k8s';
import {
  arr,
  int,
  isEmptyMap,
  meta,
  own,
  protocol,
  rec,
  spec,
  str,
  stringMap,
  type Rec,
} from './fields';
import { readLabelSelector } from './labels';
import { namespaceOf } from './pods';

/** Annotations that are copies of the object itself (large, never useful for review). */
const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

interface Problems {
  list: string[];
}

/**
 * One `ports` entry; undefined (with a problem) when `port` is there but neither a whole number
 * nor a name. NOTE: `port` is an IntOrString: a quoted "80" is a port *name* (the apiserver
 * rejects it: a name needs a letter), so it is kept as a string and matches no container port.
 */
function readPort(v: unknown, problems: Problems): NetworkPolicyPort | undefined {
  const r = rec(v);
  // NOTE: protocol defaults to TCP (networking/v1 NetworkPolicyPort).
  const p: NetworkPolicyPort = { protocol: protocol(own(r, 'protocol')) };
  const raw = own(r, 'port');
  const port = typeof raw === 'string' ? str(raw) : int(raw);
  if (raw !== undefined && raw !== null && port === undefined) {
    problems.list.push(`unreadable port ${JSON.stringify(raw) ?? String(raw)} dropped`);
    return undefined;
  }
  if (typeof port === 'string' && /^\d+$/.test(port))
    problems.list.push(`port '${port}' is a string, so a port name, and matches no port`);
  const endPort = int(own(r, 'endPort'));
  if (port !== undefined) p.port = port;
  if (endPort !== undefined) p.endPort = endPort;
  return p;
}

/**
 * A rule's ports. Absent stays absent (= every port). Unreadable entries are dropped; when none
 * is left the rule is dropped (null), because an empty list would mean "every port".
 */
function readPorts(v: unknown, problems: Problems): NetworkPolicyPort[] | null | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    problems.list.push('ports is not a list: the rule allows nothing');
    return null;
  }
  const ports = v.map((p) => readPort(p, problems)).filter((p): p is NetworkPolicyPort => !!p);
  return v.length > 0 && ports.length === 0 ? null : ports;
}

function readIpBlock(v: unknown, problems: Problems): IPBlock | undefined {
  const cidr = str(own(rec(v), 'cidr'));
  if (cidr === undefined) {
    problems.list.push('ipBlock without cidr');
    return undefined;
  }
  const except = arr(own(rec(v), 'except')).filter((x): x is string => typeof x === 'string');
  return except.length > 0 ? { cidr, except } : { cidr };
}

function readPeer(v: unknown, problems: Problems): NetworkPolicyPeer | undefined {
  const r = rec(v);
  if (r === undefined) return undefined;
  const peer: NetworkPolicyPeer = {};
  for (const key of ['podSelector', 'namespaceSelector'] as const) {
    if (own(r, key) === undefined) continue;
    const { selector, malformed } = readLabelSelector(own(r, key));
    // NOTE: an invalid selector grants nothing (fail-closed): the peer is dropped, never
    // read as the wider selector that is left once its bad parts are gone.
    if (malformed) {
      problems.list.push(`malformed ${key} in a peer: the peer allows nothing`);
      return undefined;
    }
    if (selector !== undefined) peer[key] = selector;
  }
  if (own(r, 'ipBlock') !== undefined) {
    const block = readIpBlock(own(r, 'ipBlock'), problems);
    if (block === undefined) return undefined;
    peer.ipBlock = block;
  }
  if (Object.keys(peer).length === 0) {
    problems.list.push('peer with neither selector nor ipBlock');
    return undefined;
  }
  return peer;
}

/**
 * A rule's peers. Absent stays absent (= every peer, as in the API). Unreadable peers are
 * dropped (narrowing the rule); when none is left the rule is dropped entirely, because an
 * empty list would mean "every peer" and widen it.
 */
function readPeers(v: unknown, problems: Problems): NetworkPolicyPeer[] | null | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    problems.list.push('from/to is not a list: the rule allows nothing');
    return null;
  }
  const peers = v.map((p) => readPeer(p, problems)).filter((p): p is NetworkPolicyPeer => !!p);
  if (peers.length < v.length)
    problems.list.push(`${v.length - peers.length} unreadable peer(s) dropped`);
  return v.length > 0 && peers.length === 0 ? null : peers;
}

type RuleOf<K extends 'from' | 'to'> = Partial<Record<K, NetworkPolicyPeer[]>> & {
  ports?: NetworkPolicyPort[];
};

/**
 * An ingress (`from`) or egress (`to`) rule: its peers and ports; null when either list lost
 * every entry (the rule is then dropped rather than widened).
 */
function readRule<K extends 'from' | 'to'>(
  v: unknown,
  key: K,
  problems: Problems,
): RuleOf<K> | null {
  const peers = readPeers(own(rec(v), key), problems);
  const ports = readPorts(own(rec(v), 'ports'), problems);
  if (peers === null || ports === null) return null;
  const rule: Record<string, unknown> = {};
  if (peers !== undefined) rule[key] = peers;
  if (ports !== undefined) rule.ports = ports;
  return rule as RuleOf<K>;
}

function notNull<T>(v: T | null): v is T {
  return v !== null;
}

function policyTypes(sp: Rec, hasEgress: boolean): ('Ingress' | 'Egress')[] {
  const given = arr(own(sp, 'policyTypes')).filter(
    (t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress',
  );
  if (given.length > 0) return given;
  // NOTE: when policyTypes is empty the apiserver defaults it to Ingress, plus Egress when the
  // policy has egress rules (networking/v1 NetworkPolicySpec.policyTypes).
  return hasEgress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function annotationsOf(o: Rec): Record<string, string> | undefined {
  const all = stringMap(own(meta(o), 'annotations'));
  for (const k of DROPPED_ANNOTATIONS) delete all[k];
  return isEmptyMap(all) ? undefined : all;
}

/** A NetworkPolicy object → model NetworkPolicy plus human-readable problems found in it. */
export function readNetworkPolicy(o: Rec): { policy?: NetworkPolicy; problems: string[] } {
  const problems: Problems = { list: [] };
  const name = str(own(meta(o), 'name'));
  if (name === undefined) return { problems: ['NetworkPolicy without metadata.name'] };
  const sp = spec(o);
  const podSel = readLabelSelector(own(sp, 'podSelector'));
  // NOTE: fail-closed: a policy whose podSelector is malformed isolates every pod of its
  // namespace and allows nothing, rather than being read as a wider or an absent policy.
  if (podSel.malformed)
    problems.list.push(
      'malformed spec.podSelector: read as selecting every pod of the namespace and allowing nothing',
    );
  const rules = (k: string): unknown[] | undefined => {
    const v = own(sp, k);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v) && !podSel.malformed) return v;
    if (!Array.isArray(v)) problems.list.push(`spec.${k} is not a list: it allows nothing`);
    return [];
  };
  const ingress = rules('ingress');
  const egress = rules('egress');
  // NOTE: the default adds Egress when spec.egress is non-empty (defaults.go); a malformed
  // egress (not a list) counts as non-empty, so it isolates instead of being ignored.
  const rawEgress = own(sp, 'egress');
  const hasEgress = egress !== undefined && (!Array.isArray(rawEgress) || rawEgress.length > 0);
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: namespaceOf(o) },
    spec: {
      podSelector: podSel.malformed ? {} : (podSel.selector ?? {}),
      policyTypes: policyTypes(sp, hasEgress),
    },
  };
  const labels = stringMap(own(meta(o), 'labels'));
  if (!isEmptyMap(labels)) policy.metadata.labels = labels;
  const annotations = annotationsOf(o);
  if (annotations !== undefined) policy.metadata.annotations = annotations;
  if (ingress) {
    policy.spec.ingress = ingress
      .map((r): NetworkPolicyIngressRule | null => readRule(r, 'from', problems))
      .filter(notNull);
  }
  if (egress) {
    policy.spec.egress = egress
      .map((r): NetworkPolicyEgressRule | null => readRule(r, 'to', problems))
      .filter(notNull);
  }
  return { policy, problems: problems.list };
}
