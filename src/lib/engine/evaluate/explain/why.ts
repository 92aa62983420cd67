/**
 * Why one connection (protocol and destination port) is allowed or denied: the explanation of
 * `--explain` read at that one port, per direction — which policy and rule, or the system
 * default. What the app shows beside a denied row; the same engine as the CLI.
 */
import { isProtocol } from '../conn-set';
import { prepareContext, type EvalContext } from '../context';
import { evalEndpoint, type EvalPeer } from '../evaluate-pair';
import { explainEndpoints } from './explain-report';
import type { ExplainedConns } from './explained-conns';
import { KINDS, type DirReasons, type ReasonKind, type Reasons } from './reasons';

export interface DirectionWhy {
  allowed: boolean;
  /** The policies and rules of that side (highest tier first), or the system default. */
  reasons: string[];
}

export interface ConnectionWhy {
  allowed: boolean;
  /** The source's side. */
  egress: DirectionWhy;
  /** The destination's side. */
  ingress: DirectionWhy;
}

function at(c: ExplainedConns, protocol: string, port: number): { in: boolean; why: Reasons } {
  const segs = isProtocol(protocol) ? c.protos.get(protocol) : undefined;
  const s = segs?.find((x) => x.start <= port && port <= x.end);
  return s ? { in: s.in, why: s.why } : { in: c.all, why: c.common };
}

function order(a: ReasonKind, b: ReasonKind): number {
  return KINDS[b].layer - KINDS[a].layer || (a < b ? -1 : a > b ? 1 : 0);
}

function direction(d: DirReasons): DirectionWhy {
  const kinds = [...d.byKind.keys()].sort(order);
  return { allowed: d.result === 'allow', reasons: kinds.flatMap((k) => [...d.byKind.get(k)!]) };
}

type Explain = (
  src: EvalPeer,
  dst: EvalPeer,
  port: number,
  protocol: string,
  labels: { src: string; dst: string },
) => ConnectionWhy | null;

const idOf = (p: EvalPeer) =>
  p.kind === 'ip' ? `ip:${p.ip}` : `pod:${p.pod.namespace}/${p.pod.name}`;

/**
 * Explains connections of one evaluation context: the reasons of one connection from `src`
 * to `dst`, or null for a protocol other than TCP, UDP and SCTP (NetworkPolicy defines no
 * ports there). `labels` name the ends in the reasons. A pair is explained once for all its
 * ports.
 */
export function connectionExplainer(ctx: EvalContext): Explain {
  const prep = prepareContext(ctx);
  const pairs = new Map<string, ExplainedConns>();
  return (src, dst, port, protocol, labels) => {
    const proto = protocol.toUpperCase();
    if (!isProtocol(proto)) return null;
    const key = JSON.stringify([idOf(src), idOf(dst), labels.src, labels.dst]);
    let conns = pairs.get(key);
    if (!conns) {
      conns = explainEndpoints(prep, evalEndpoint(prep, src), evalEndpoint(prep, dst), labels);
      pairs.set(key, conns);
    }
    const point = at(conns, proto, port);
    return {
      allowed: point.in,
      egress: direction(point.why.egress),
      ingress: direction(point.why.ingress),
    };
  };
}

/** The reasons of one connection (see connectionExplainer). */
export function explainConnection(
  ctx: EvalContext,
  src: EvalPeer,
  dst: EvalPeer,
  port: number,
  protocol: string,
  labels: { src: string; dst: string },
): ConnectionWhy | null {
  return connectionExplainer(ctx)(src, dst, port, protocol, labels);
}

/** One line per side: "Egress (Allowed): the system default (Allow all)". */
export function whyLines(w: ConnectionWhy): string[] {
  const side = (name: string, d: DirectionWhy) =>
    `${name} (${d.allowed ? 'Allowed' : 'Denied'}): ${d.reasons.join('; ')}`;
  return [side('Egress', w.egress), side('Ingress', w.ingress)];
}
