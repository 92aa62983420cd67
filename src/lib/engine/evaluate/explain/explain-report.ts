/**
 * `connectivity --explain` and the "why" of one connection: for a pair of endpoints, every
 * protocol and port with whether it is allowed and the reasons of each direction (egress of
 * the source, ingress of the destination), from the tiers of DESIGN.md §5.
 */
import { prepareContext, type EvalContext, type PreparedContext } from '../context';
import { reportPairs, type ConnPeer } from '../connectivity';
import type { Endpoint } from '../rule-match';
import { directionReasons } from './direction-reasons';
import { intersectInto, setDirectionResult, type ExplainedConns } from './explained-conns';
import { formatExplain, type ExplainedPair } from './explain-text';

/** Both directions of one pair, with their reasons. */
export function explainEndpoints(
  prep: PreparedContext,
  src: Endpoint,
  dst: Endpoint,
  labels: { src: string; dst: string },
): ExplainedConns {
  const ends = { src, dst, srcLabel: labels.src, dstLabel: labels.dst };
  const egress = directionReasons(prep, { ...ends, dir: 'egress' });
  setDirectionResult(egress, false);
  const ingress = directionReasons(prep, { ...ends, dir: 'ingress' });
  setDirectionResult(ingress, true);
  intersectInto(egress, ingress);
  return egress;
}

/** How explanations name a peer: a workload, or an address range with `[External]`. */
export function peerText(p: ConnPeer): string {
  return p.label;
}

/** Every pair of the connectivity report, explained (each workload by its first pod). */
export function explainConnectivity(ctx: EvalContext): ExplainedPair[] {
  const prep = prepareContext(ctx);
  return reportPairs(ctx, prep).flatMap(({ src, dst, srcEndpoints, dstEndpoints }) => {
    const s = srcEndpoints[0];
    const d = dstEndpoints[0];
    if (!s || !d) return [];
    const labels = { src: peerText(src), dst: peerText(dst) };
    return [{ ...labels, conns: explainEndpoints(prep, s, d, labels) }];
  });
}

/** The `--explain` text of a connectivity report. */
export function formatExplainReport(ctx: EvalContext): string {
  return formatExplain(explainConnectivity(ctx));
}
