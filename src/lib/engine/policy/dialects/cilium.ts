/**
 * The Cilium dialect (`cilium.io/v2` CiliumNetworkPolicy). The subject is the
 * `endpointSelector`; pods of the policy's namespace are `fromEndpoints`/`toEndpoints`
 * selectors, of another namespace the same selector with `k8s:io.kubernetes.pod.namespace`; the
 * namespace rule is the empty endpoint selector (this namespace's pods); nodes are the `host` and
 * `remote-node` entities (Cilium gives nodes identities, so a CIDR never matches them); ranges
 * are `fromCIDRSet`/`toCIDRSet`; an egress IP with DNS names is `toFQDNs` (matchName), and then
 * the DNS rule (`toPorts.rules.dns`) on the cluster DNS pods that lets Cilium learn its IPs. The
 * "all" general rule is the `all` entity; a direction with nothing allowed is `[{}]` (selected,
 * so default deny, with no peer). Ports are strings, every port of a protocol is port "0";
 * ranges (no endPort in the pinned CRD) are listed port by port up to RANGE_LIMIT.
 */
import type { LabelSelector } from '../../model/k8s';
import { recordOf } from '../../model/labels';
import { canonicalSelector } from '../../model/labels';
import type { IrPair, IrPeer, IrPort, PolicyIR } from '../ir';
import { mergeBy } from '../rules';
import { yamlPrinter } from '../yaml';
import { type Warner, pairsOf, portText, warner } from './common';
import { evaluateCilium } from './cilium-eval';
import { validateCilium } from './cilium-rules';
import type { PolicyDialect } from './types';
import { namesOf } from './catalog';
import { POLICY_WARNING_CODES as W } from '../warnings';

/** The namespace label of Cilium's endpoint identities. */
export const CILIUM_NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';
/** The longest port range written out port by port. */
export const RANGE_LIMIT = 32;
/** Where the DNS rule points when "allow DNS" is off: the usual cluster DNS pods. */
const DEFAULT_DNS: IrPair[] = (['UDP', 'TCP'] as const).map((protocol) => ({
  peer: {
    type: 'pods',
    namespace: 'kube-system',
    selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    dns: true,
  },
  port: { port: 53, protocol },
}));

export type CiliumEntity = 'all' | 'world' | 'host' | 'remote-node' | 'kube-apiserver';

export interface CiliumPortProtocol {
  port: string;
  protocol: 'TCP' | 'UDP' | 'SCTP' | 'ANY';
}

export interface CiliumPortRule {
  ports: CiliumPortProtocol[];
  rules?: { dns: { matchPattern: string }[] };
}

export interface CiliumRule {
  fromEndpoints?: LabelSelector[];
  fromCIDRSet?: { cidr: string }[];
  fromEntities?: CiliumEntity[];
  toEndpoints?: LabelSelector[];
  toCIDRSet?: { cidr: string }[];
  toEntities?: CiliumEntity[];
  toFQDNs?: { matchName: string }[];
  toPorts?: CiliumPortRule[];
}

export interface CiliumNetworkPolicy {
  apiVersion: 'cilium.io/v2';
  kind: 'CiliumNetworkPolicy';
  metadata: { name: string; namespace: string };
  spec: { endpointSelector: LabelSelector; ingress: CiliumRule[]; egress: CiliumRule[] };
}

type Peer =
  | { kind: 'endpoints'; selector: LabelSelector }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'entity'; entity: CiliumEntity }
  | { kind: 'fqdn'; name: string };

function endpoints(ir: PolicyIR, p: IrPeer & { type: 'pods' }): Peer {
  if (p.namespace === ir.namespace) return { kind: 'endpoints', selector: p.selector };
  const matchLabels = recordOf([
    ...Object.entries(p.selector.matchLabels ?? {}),
    [CILIUM_NAMESPACE_LABEL, p.namespace],
  ]);
  return { kind: 'endpoints', selector: { ...p.selector, matchLabels } };
}

function peersOf(ir: PolicyIR, p: IrPeer, egress: boolean, w: Warner): Peer[] {
  switch (p.type) {
    case 'pods':
      return [endpoints(ir, p)];
    case 'namespace':
      return [{ kind: 'endpoints', selector: {} }];
    case 'cidr':
      if (egress && p.names?.length) return p.names.map((name) => ({ kind: 'fqdn', name }));
      return [{ kind: 'cidr', cidr: p.cidr }];
    case 'node':
      w.note(
        W.HOST_NETWORK_PEER,
        `node ${p.name} (${p.cidr}): Cilium gives nodes identities, not addresses; allowed as the host and remote-node entities, that is every node`,
      );
      return [
        { kind: 'entity', entity: 'host' },
        { kind: 'entity', entity: 'remote-node' },
      ];
    case 'fqdn':
      if (egress) return [{ kind: 'fqdn', name: p.name }];
      w.warn(`DNS name ${p.name}: Cilium matches names on egress only; left out`);
      return [];
    case 'entity':
      return [{ kind: 'entity', entity: p.entity }];
  }
}

function portsOf(p: IrPort, w: Warner): CiliumPortProtocol[] {
  if (p.port === undefined) return [{ port: '0', protocol: p.protocol }];
  const end = p.endPort ?? p.port;
  if (end - p.port >= RANGE_LIMIT) {
    w.warn(`${portText(p)}: a CiliumNetworkPolicy has no port ranges; left out`);
    return [];
  }
  const out: CiliumPortProtocol[] = [];
  for (let n = p.port; n <= end; n++) out.push({ port: String(n), protocol: p.protocol });
  return out;
}

function peerKey(p: Peer): string {
  if (p.kind === 'endpoints') return `0|${JSON.stringify(canonicalSelector(p.selector))}`;
  if (p.kind === 'cidr') return `1|${p.cidr}`;
  return p.kind === 'entity' ? `2|${p.entity}` : `3|${p.name}`;
}

const portKey = (p: CiliumPortProtocol) => `${p.protocol}/${p.port.padStart(5, '0')}`;

const FIELDS = {
  ingress: { endpoints: 'fromEndpoints', cidr: 'fromCIDRSet', entity: 'fromEntities' },
  egress: { endpoints: 'toEndpoints', cidr: 'toCIDRSet', entity: 'toEntities' },
} as const;

/** One rule per kind of peer (Cilium forbids toFQDNs beside other peers) and port set. */
function rulesOf(
  ir: PolicyIR,
  pairs: IrPair[],
  dir: 'ingress' | 'egress',
  w: Warner,
  dnsRule?: CiliumPortRule['rules'],
): CiliumRule[] {
  const flat = pairs.flatMap(
    ({ peer, port }): { peer: Peer; port: CiliumPortProtocol | null }[] => {
      const ports = port ? portsOf(port, w) : null;
      if (ports?.length === 0) return [];
      const each: (CiliumPortProtocol | null)[] = ports ?? [null];
      return peersOf(ir, peer, dir === 'egress', w).flatMap((p) =>
        each.map((q) => ({ peer: p, port: q })),
      );
    },
  );
  return mergeBy(flat, peerKey, portKey).flatMap(({ peers, ports }) => {
    const toPorts: Pick<CiliumRule, 'toPorts'> = ports
      ? { toPorts: [{ ports, ...(dnsRule && { rules: dnsRule }) }] }
      : {};
    const of = <K extends Peer['kind']>(k: K) =>
      peers.filter((p): p is Extract<Peer, { kind: K }> => p.kind === k);
    const f = FIELDS[dir];
    const rules: CiliumRule[] = [];
    const endpoints = of('endpoints').map((p) => p.selector);
    const cidrs = of('cidr').map((p) => ({ cidr: p.cidr }));
    const entities = of('entity').map((p) => p.entity);
    const fqdns = of('fqdn').map((p) => ({ matchName: p.name }));
    if (endpoints.length > 0) rules.push({ [f.endpoints]: endpoints, ...toPorts });
    if (cidrs.length > 0) rules.push({ [f.cidr]: cidrs, ...toPorts });
    if (entities.length > 0) rules.push({ [f.entity]: entities, ...toPorts });
    if (fqdns.length > 0) rules.push({ toFQDNs: fqdns, ...toPorts });
    return rules;
  });
}

/** Whether the pair becomes a toFQDNs rule (a DNS name, on ports Cilium can write). */
function namesPeer({ peer, port }: IrPair): boolean {
  const named = peer.type === 'fqdn' || (peer.type === 'cidr' && (peer.names?.length ?? 0) > 0);
  const first = port?.port ?? 0;
  return named && (port?.endPort ?? first) - first < RANGE_LIMIT;
}

function egressOf(ir: PolicyIR, w: Warner): CiliumRule[] {
  const pairs = pairsOf(ir.egress);
  if (!pairs.some(namesPeer)) return rulesOf(ir, pairs, 'egress', w);
  const isDns = (p: IrPair) => p.peer.type === 'pods' && p.peer.dns === true;
  const others = rulesOf(
    ir,
    pairs.filter((p) => !isDns(p)),
    'egress',
    w,
  );
  let dns = pairs.filter(isDns);
  if (dns.length === 0) {
    w.warn(
      'DNS names need the DNS rule that lets Cilium learn their IPs, and "allow DNS" is off: ' +
        'DNS to kube-system k8s-app=kube-dns (UDP and TCP 53) is allowed for them',
    );
    dns = DEFAULT_DNS;
  }
  return [...rulesOf(ir, dns, 'egress', w, { dns: [{ matchPattern: '*' }] }), ...others];
}

/** The CiliumNetworkPolicy of one IR policy (and what it had to leave out). */
export function emitCilium(ir: PolicyIR): {
  policy: CiliumNetworkPolicy;
  warnings: Warner['warnings'];
} {
  const w = warner(ir);
  const ingress: CiliumRule[] =
    ir.ingress === 'all' ? [{ fromEntities: ['all'] }] : rulesOf(ir, ir.ingress, 'ingress', w);
  const egress: CiliumRule[] = ir.egress === 'all' ? [{ toEntities: ['all'] }] : egressOf(ir, w);
  const policy: CiliumNetworkPolicy = {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: ir.name, namespace: ir.namespace },
    spec: {
      endpointSelector: ir.subject,
      ingress: ingress.length > 0 ? ingress : [{}],
      egress: egress.length > 0 ? egress : [{}],
    },
  };
  return { policy, warnings: w.warnings };
}

const KEY_ORDER = [
  ...['apiVersion', 'kind', 'metadata', 'spec', 'name', 'namespace', 'labels', 'annotations'],
  ...['endpointSelector', 'ingress', 'egress', 'fromEndpoints', 'fromCIDRSet', 'fromEntities'],
  ...['toEndpoints', 'toCIDRSet', 'toEntities', 'toFQDNs', 'toPorts', 'ports', 'port'],
  ...['protocol', 'rules', 'dns', 'matchName', 'matchPattern', 'cidr', 'matchLabels'],
  ...['matchExpressions', 'key', 'operator', 'values'],
];

export const ciliumDialect: PolicyDialect<CiliumNetworkPolicy> = {
  ...namesOf('cilium'),
  emit(ir) {
    const { policy, warnings } = emitCilium(ir);
    return { documents: [policy], warnings };
  },
  validate: validateCilium,
  evaluate: evaluateCilium,
  toYaml: yamlPrinter(KEY_ORDER, new Set(['labels', 'annotations', 'matchLabels'])),
};
