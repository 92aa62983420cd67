/**
 * The colour rule of one review row: resolved and allowed by the policy → black, else red.
 * "Allowed" means the row is included, or a general rule of its direction lets it through
 * (Allow all; Allow all inside namespace for a same-namespace workload peer). Pure, no DOM.
 */
import { includedIpEntry, isIncluded, type Communication, type Decisions } from '$lib/engine';
import type { Tone } from './palette';
import type { EdgeRow, EdgeStatus, TopologyEdge } from './types';

/** Resolved: a workload or node peer, an aliased IP, or an IP the user included as such. */
export function isResolved(d: Decisions, c: Communication): boolean {
  if (c.peer.type !== 'ip') return true;
  return c.peer.alias !== null || includedIpEntry(d, c.peer.ip) !== undefined;
}

/** Whether the row's direction has a general rule that allows this peer without the row. */
export function allowedByGeneralRule(d: Decisions, c: Communication): boolean {
  const rule = c.direction === 'ingress' ? d.ingressDefault : d.egressDefault;
  if (rule === 'all') return true;
  return (
    rule === 'namespace' && c.peer.type === 'workload' && c.peer.namespace === c.workload.namespace
  );
}

export function rowOf(d: Decisions, c: Communication): EdgeRow {
  const included = isIncluded(d, c);
  const resolved = isResolved(d, c);
  const byGeneralRule = allowedByGeneralRule(d, c);
  const status: EdgeStatus = !resolved
    ? 'unresolved'
    : included || byGeneralRule
      ? 'allowed'
      : 'excluded';
  const { peer: _peer, ...row } = c;
  return {
    ...row,
    via: [...c.via],
    verdicts: { ...c.verdicts },
    included,
    resolved,
    byGeneralRule,
    status,
  };
}

const RANK: Record<EdgeStatus, number> = { allowed: 0, excluded: 1, unresolved: 2 };

/** The worst status among rows: one red row makes the whole line red. */
export function worstStatus(rows: readonly EdgeRow[]): EdgeStatus {
  let worst: EdgeStatus = 'allowed';
  for (const r of rows) if (RANK[r.status] > RANK[worst]) worst = r.status;
  return worst;
}

/** A line's colour name: grey for a Service link, else black when allowed, red otherwise. */
export function edgeTone(kind: TopologyEdge['kind'], status: EdgeStatus): Tone {
  if (kind === 'service') return 'serviceLink';
  return status === 'allowed' ? 'allowed' : 'denied';
}

/** Line width by flow count (log scale, 1.5 to 6 px); Service links stay thin. */
export function lineWidth(kind: TopologyEdge['kind'], flows: number): number {
  return kind === 'service' ? 1 : Math.min(6, 1.5 + Math.log10(1 + flows));
}

/**
 * The flows of a line. A pair seen from both its ends (namespace view: the client's egress row
 * and the server's ingress row) counts its flows once per side, so the flows of a line are the
 * larger of its ingress and egress sums.
 */
export function flowsOf(rows: readonly EdgeRow[]): number {
  let ingress = 0;
  let egress = 0;
  for (const r of rows) {
    if (r.direction === 'ingress') ingress += r.flows;
    else egress += r.flows;
  }
  return Math.max(ingress, egress);
}
