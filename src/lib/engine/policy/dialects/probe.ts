/**
 * A probe: one side of one connection, as a dialect's evaluator judges it — the pod whose
 * policies decide (the client for egress, the server for ingress), the other end, and the
 * server's port. Evaluators only read what the emitters write (the subset in docs/DIALECTS.md).
 */
import { cidrContainsIp } from '../../model/address';

export type ProbePeer =
  | { kind: 'pod'; namespace: string; labels: Record<string, string> }
  | { kind: 'node'; ip: string }
  | { kind: 'ip'; ip: string; names: readonly string[] };

export interface Probe {
  direction: 'ingress' | 'egress';
  pod: { namespace: string; labels: Record<string, string> };
  peer: ProbePeer;
  /** The server's port; undefined for a protocol without ports. */
  port: number | undefined;
  protocol: string;
}

/**
 * The verdict of a set of documents on a probe: true/false when some document selects the pod
 * for the probe's direction (it is isolated), null when none does (everything is allowed).
 */
export type Verdict = boolean | null;

/** Whether the probe's peer address lies in any of the CIDRs (pods have no address here). */
export function peerInNets(peer: ProbePeer, nets: readonly string[]): boolean {
  return peer.kind !== 'pod' && nets.some((n) => cidrContainsIp(n, peer.ip));
}

/** Any document isolating the pod: its verdict is whether one of them allows. */
export function anyAllows<D>(
  docs: readonly D[],
  selects: (d: D) => boolean,
  allows: (d: D) => boolean,
): Verdict {
  const mine = docs.filter(selects);
  return mine.length === 0 ? null : mine.some(allows);
}
