/**
 * Undetermined pairs (DESIGN.md §5 "Direction unknown"): events whose initiator could not be
 * decided are kept as pairs beside the counted communications, never counted as connections,
 * and offered in the review read both ways, each included only by a decision. A pair is stored
 * read the likelier way (aggregate.ts); the other reading swaps its ends and takes the client
 * ports seen as the server's (a range when there were several).
 */
import type { CommAggregate, Communication } from '../model/communication';

/** One way of reading an aggregate: itself, or an undetermined pair's other reading. */
export interface Reading {
  agg: CommAggregate;
  /** The end of the port range (the other reading of a pair seen on several client ports). */
  endPort?: number;
}

export function isUndeterminedPair(a: CommAggregate): boolean {
  return a.undetermined !== undefined;
}

/** The counted communications only (no undetermined pair). */
export function countedAggregates(aggs: CommAggregate[]): CommAggregate[] {
  return aggs.some(isUndeterminedPair) ? aggs.filter((a) => !isUndeterminedPair(a)) : aggs;
}

/**
 * How an aggregate reads in a query: a counted one as itself; an undetermined pair, when
 * asked for, both ways (else not at all).
 */
export function readingsOf(a: CommAggregate, withUndetermined: boolean): Reading[] {
  if (!a.undetermined) return [{ agg: a }];
  if (!withUndetermined) return [];
  const [lo, hi] = a.undetermined.clientPorts;
  const other: CommAggregate = { ...a, client: a.server, server: a.client, port: lo, via: [] };
  return [{ agg: a }, hi > lo ? { agg: other, endPort: hi } : { agg: other }];
}

/** The rows that are captured connections, and the undetermined rows a decision included. */
export function capturedOrIncluded(
  comms: Communication[],
  included: (c: Communication) => boolean,
): Communication[] {
  return comms.some((c) => c.undetermined)
    ? comms.filter((c) => !c.undetermined || included(c))
    : comms;
}

/** `9080/TCP`, or `56874–57094/TCP` for a range. */
export function portText(c: Pick<Communication, 'port' | 'endPort' | 'protocol'>): string {
  const end = c.endPort === undefined ? '' : `–${c.endPort}`;
  return `${c.port}${end}/${c.protocol}`;
}
