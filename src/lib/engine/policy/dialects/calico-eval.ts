/**
 * The Calico evaluator for what calico.ts writes: selector expressions of that subset (`k ==
 * 'v'`, `k in {…}`, `k not in {…}`, `has(k)`, `!has(k)`, `all()`, joined by `&&`), a rule's
 * `selector` (the policy's namespace unless `namespaceSelector` names another through
 * projectcalico.org/name), `nets` (addresses; pods have none here), protocol and
 * `destination.ports` (numbers and `'a:b'` ranges). Only Allow rules are written; a policy
 * selecting the pod isolates both directions (`types` always holds both).
 */
import { own } from '../../model/labels';
import type { CalicoEntityRule, CalicoNetworkPolicy, CalicoRule } from './calico';
import { CALICO_NAMESPACE_LABEL } from './calico';
import { anyAllows, peerInNets, type Probe, type ProbePeer, type Verdict } from './probe';

const values = (set: string) =>
  set
    .replace(/^\{|\}$/g, '')
    .split(',')
    .map((v) => v.trim().replace(/^'|'$/g, ''))
    .filter((v) => v !== '');

function termMatches(term: string, labels: Record<string, string>): boolean {
  if (term === 'all()') return true;
  let m = /^(!?)has\((.+)\)$/.exec(term);
  if (m) return (own(labels, m[2]!) !== undefined) !== (m[1] === '!');
  m = /^(\S+) == '(.*)'$/.exec(term);
  if (m) return own(labels, m[1]!) === m[2];
  m = /^(\S+) (not in|in) (\{.*\})$/.exec(term);
  if (m) {
    const v = own(labels, m[1]!);
    const hit = v !== undefined && values(m[3]!).includes(v);
    return m[2] === 'in' ? hit : !hit;
  }
  return false; // not a term calico-selector.ts writes
}

/** Whether the labels match a selector expression of the subset calico-selector.ts writes. */
export function calicoSelects(expr: string, labels: Record<string, string>): boolean {
  return expr.split(' && ').every((t) => termMatches(t.trim(), labels));
}

function endMatches(e: CalicoEntityRule | undefined, ns: string, peer: ProbePeer): boolean {
  if (!e) return true;
  if (e.selector !== undefined) {
    if (peer.kind !== 'pod') return false;
    const nsLabels = { [CALICO_NAMESPACE_LABEL]: peer.namespace };
    const inNs = e.namespaceSelector
      ? calicoSelects(e.namespaceSelector, nsLabels)
      : peer.namespace === ns;
    if (!inNs || !calicoSelects(e.selector, peer.labels)) return false;
  }
  return e.nets === undefined || peerInNets(peer, e.nets);
}

function portOk(ports: CalicoEntityRule['ports'], port: number | undefined): boolean {
  if (!ports) return true;
  return ports.some((p) => {
    if (typeof p === 'number') return p === port;
    const [a, b] = p.split(':').map(Number);
    return port !== undefined && port >= a! && port <= (b ?? a!);
  });
}

function ruleAllows(r: CalicoRule, ns: string, probe: Probe): boolean {
  if (r.protocol !== undefined && r.protocol !== probe.protocol) return false;
  const ingress = probe.direction === 'ingress';
  const peerEnd = ingress ? r.source : r.destination;
  return endMatches(peerEnd, ns, probe.peer) && portOk(r.destination?.ports, probe.port);
}

/** The verdict of the Calico (or staged) documents on one probe. */
export function evaluateCalico(docs: readonly CalicoNetworkPolicy[], probe: Probe): Verdict {
  return anyAllows(
    docs,
    (d) =>
      d.metadata.namespace === probe.pod.namespace &&
      calicoSelects(d.spec.selector, probe.pod.labels),
    (d) => (d.spec[probe.direction] ?? []).some((r) => ruleAllows(r, d.metadata.namespace, probe)),
  );
}
