/**
 * The Calico dialects (`projectcalico.org/v3`): NetworkPolicy, and StagedNetworkPolicy — the
 * same spec, which Calico evaluates and reports on without enforcing it (audit before enforce).
 * The subject is the `selector` expression (calico-selector.ts); `types: [Ingress, Egress]`
 * with no matching Allow is Calico's default deny. Pods of the policy's namespace are a rule's
 * `selector`, of another namespace the same with `namespaceSelector: projectcalico.org/name ==
 * '<ns>'`; the namespace rule is `selector: all()`; ranges and nodes are `nets`, a named IP is
 * its own rule whose `metadata.annotations` carry the names (Calico OSS has no domain match).
 * A rule has one protocol and its ports are always `destination.ports` (ranges as `'a:b'`);
 * pod peers take a rule each (a rule's selector and nets are ANDed), unnamed nets share one.
 * FQDNs and CNI entities other than the world have no Calico OSS form: left out, warned.
 */
import { NAMES_ANNOTATION } from '../ip-names';
import { cmp } from '../../model/text';
import type { IrPair, IrPeer, IrPort, PolicyIR } from '../ir';
import { mergeBy } from '../rules';
import { yamlPrinter } from '../yaml';
import { calicoSelector } from './calico-selector';
import { type Warner, pairsOf, warner } from './common';
import { evaluateCalico } from './calico-eval';
import { validateCalico, validateCalicoStaged } from './calico-rules';
import type { PolicyDialect } from './types';
import { namesOf } from './catalog';

/** The label Calico puts on every namespace: its name. */
export const CALICO_NAMESPACE_LABEL = 'projectcalico.org/name';
/** The rule annotation that names the IPs of a `nets` rule (shared with the k8s dialect). */
export { NAMES_ANNOTATION };

export type CalicoProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface CalicoEntityRule {
  selector?: string;
  namespaceSelector?: string;
  nets?: string[];
  ports?: (number | string)[];
}

export interface CalicoRule {
  metadata?: { annotations: Record<string, string> };
  action: 'Allow';
  protocol?: CalicoProtocol;
  source?: CalicoEntityRule;
  destination?: CalicoEntityRule;
}

export interface CalicoNetworkPolicy {
  apiVersion: 'projectcalico.org/v3';
  kind: 'NetworkPolicy' | 'StagedNetworkPolicy';
  metadata: { name: string; namespace: string };
  spec: {
    selector: string;
    types: ('Ingress' | 'Egress')[];
    ingress?: CalicoRule[];
    egress?: CalicoRule[];
  };
}

type Peer =
  | { kind: 'pods'; selector: string; namespaceSelector?: string }
  | { kind: 'nets'; cidr: string; names: string[] };

function peersOf(ir: PolicyIR, p: IrPeer, w: Warner): Peer[] {
  switch (p.type) {
    case 'pods': {
      const selector = calicoSelector(p.selector);
      if (p.namespace === ir.namespace) return [{ kind: 'pods', selector }];
      const namespaceSelector = `${CALICO_NAMESPACE_LABEL} == '${p.namespace}'`;
      return [{ kind: 'pods', selector, namespaceSelector }];
    }
    case 'namespace':
      return [{ kind: 'pods', selector: 'all()' }];
    case 'cidr':
      return [{ kind: 'nets', cidr: p.cidr, names: p.names ?? [] }];
    case 'node':
      return [{ kind: 'nets', cidr: p.cidr, names: [] }];
    case 'fqdn':
      w.warn(`DNS name ${p.name}: Calico OSS has no domain match; left out`);
      return [];
    case 'entity':
      if (p.entity === 'world') {
        return ['0.0.0.0/0', '::/0'].map((cidr) => ({ kind: 'nets', cidr, names: [] }));
      }
      w.warn(`entity ${p.entity}: a Calico NetworkPolicy has no such peer; left out`);
      return [];
  }
}

const peerKey = (p: Peer) =>
  p.kind === 'pods' ? `0|${p.namespaceSelector ?? ''}|${p.selector}` : `1|${p.cidr}`;
const portKey = (p: IrPort) =>
  `${p.protocol}/${String(p.port ?? '*').padStart(5, '0')}-${p.endPort ?? ''}`;

function portValue(p: IrPort): number | string | null {
  if (p.port === undefined) return null;
  return p.endPort !== undefined && p.endPort > p.port ? `${p.port}:${p.endPort}` : p.port;
}

/** Per protocol: its ports, or null for every port of it. */
function byProtocol(ports: IrPort[]): [CalicoProtocol, (number | string)[] | null][] {
  const out = new Map<CalicoProtocol, (number | string)[] | null>();
  for (const p of ports) {
    const v = portValue(p);
    const have = out.get(p.protocol);
    if (v === null || have === null) out.set(p.protocol, null);
    else out.set(p.protocol, [...(have ?? []), v]);
  }
  return [...out.entries()].sort((a, b) => cmp(a[0], b[0]));
}

function rulesOf(ir: PolicyIR, pairs: IrPair[], ingress: boolean, w: Warner): CalicoRule[] {
  const flat = pairs.flatMap(({ peer, port }) =>
    peersOf(ir, peer, w).map((p) => ({ peer: p, port })),
  );
  return mergeBy(flat, peerKey, portKey).flatMap(({ peers, ports }) => {
    const ends: { peer: CalicoEntityRule; annotations?: Record<string, string> }[] = [];
    const plain = peers.filter((p) => p.kind === 'nets' && p.names.length === 0);
    for (const p of peers) {
      if (p.kind === 'pods') {
        const { kind: _, ...sel } = p;
        ends.push({ peer: sel });
      } else if (p.names.length > 0) {
        ends.push({
          peer: { nets: [p.cidr] },
          annotations: { [NAMES_ANNOTATION]: p.names.join(',') },
        });
      }
    }
    if (plain.length > 0)
      ends.push({ peer: { nets: plain.map((p) => (p as { cidr: string }).cidr) } });
    const protocols = ports ? byProtocol(ports) : [[undefined, null] as const];
    return ends.flatMap(({ peer, annotations }) =>
      protocols.map(([protocol, list]): CalicoRule => {
        const dst = list ? { ports: list } : {};
        return {
          ...(annotations && { metadata: { annotations } }),
          action: 'Allow',
          ...(protocol && { protocol }),
          ...(ingress
            ? { source: peer, ...(list && { destination: dst }) }
            : { destination: { ...peer, ...dst } }),
        };
      }),
    );
  });
}

function emit(kind: CalicoNetworkPolicy['kind']) {
  return (ir: PolicyIR) => {
    const w = warner(ir);
    const of = (dir: PolicyIR['ingress'], ingress: boolean): CalicoRule[] =>
      dir === 'all' ? [{ action: 'Allow' }] : rulesOf(ir, pairsOf(dir), ingress, w);
    const ingress = of(ir.ingress, true);
    const egress = of(ir.egress, false);
    const policy: CalicoNetworkPolicy = {
      apiVersion: 'projectcalico.org/v3',
      kind,
      metadata: { name: ir.name, namespace: ir.namespace },
      spec: {
        selector: calicoSelector(ir.subject),
        types: ['Ingress', 'Egress'],
        ...(ingress.length > 0 && { ingress }),
        ...(egress.length > 0 && { egress }),
      },
    };
    return { documents: [policy], warnings: w.warnings };
  };
}

const toYaml = yamlPrinter(
  [
    ...['apiVersion', 'kind', 'metadata', 'spec', 'name', 'namespace', 'labels', 'annotations'],
    ...['selector', 'namespaceSelector', 'types', 'ingress', 'egress', 'action', 'protocol'],
    ...['source', 'destination', 'nets', 'ports'],
  ],
  new Set(['labels', 'annotations']),
);

export const calicoDialect: PolicyDialect<CalicoNetworkPolicy> = {
  ...namesOf('calico'),
  emit: emit('NetworkPolicy'),
  validate: validateCalico,
  evaluate: evaluateCalico,
  toYaml,
};

export const calicoStagedDialect: PolicyDialect<CalicoNetworkPolicy> = {
  ...namesOf('calico-staged'),
  emit: emit('StagedNetworkPolicy'),
  validate: validateCalicoStaged,
  evaluate: evaluateCalico,
  toYaml,
};
