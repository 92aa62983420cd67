/**
 * Every event of an import accounted for (DESIGN.md §5 "Direction unknown"): the events read
 * split into counted (connection initiations, as the tables and the histogram count them),
 * reported by both ends (the second report of a connection, counted once), replies,
 * undetermined (initiator unknown: listed in the review, included only by a decision) and
 * unreadable lines. `events` is their sum: the numbers reconcile by construction, and tests
 * check the parts against the file.
 */
import type { CommAggregate } from '../model/communication';
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { ReadResult } from '../formats/types';
import type { AggregationStats } from './aggregate';

export interface Accounting {
  /** Flow events read (a record's own count when the format aggregates, else 1). */
  events: number;
  /** Connections counted: the flows of the import's communications. */
  counted: number;
  /** Reports of a connection its other end reported too (counted once). */
  bothEnds: number;
  replies: number;
  /** Events whose initiator could not be decided. */
  undetermined: number;
  /** Lines or records that could not be read (bad JSON, bad fields, too long, bad encoding). */
  unreadable: number;
  /** Records the format itself marks as carrying no flow (AWS NODATA, Hubble lost events). */
  skipped: number;
}

const UNREADABLE_CODES: readonly string[] = [
  DIAGNOSTIC_CODES.BAD_JSON,
  DIAGNOSTIC_CODES.BAD_RECORD,
  DIAGNOSTIC_CODES.LINE_TOO_LONG,
  DIAGNOSTIC_CODES.BAD_ENCODING,
  DIAGNOSTIC_CODES.TOO_DEEP,
];

function countOf(counts: Record<string, number>, code: string): number {
  return Object.hasOwn(counts, code) ? (counts[code] ?? 0) : 0;
}

/** Connections of the aggregates (timed and untimed; undetermined pairs are no connections). */
export function aggregateFlows(aggregates: CommAggregate[]): number {
  return aggregates.reduce((s, a) => (a.undetermined ? s : s + a.flows), 0);
}

/** The accounting of one flow file: its read result, its aggregation's stats and aggregates. */
export function accountFor(
  read: Pick<ReadResult, 'replies' | 'diagnosticCounts'>,
  stats: AggregationStats,
  aggregates: CommAggregate[],
): Accounting {
  const counted = aggregateFlows(aggregates);
  const replies = stats.replies + read.replies;
  const unreadable = UNREADABLE_CODES.reduce((s, c) => s + countOf(read.diagnosticCounts, c), 0);
  const skipped = countOf(read.diagnosticCounts, DIAGNOSTIC_CODES.SKIPPED_RECORD);
  const bothEnds = stats.initiations - counted;
  return {
    events: counted + bothEnds + replies + stats.undetermined,
    counted,
    bothEnds,
    replies,
    undetermined: stats.undetermined,
    unreadable,
    skipped,
  };
}

/** Sums accountings (several files of one run). */
export function addAccounting(a: Accounting, b: Accounting): Accounting {
  return {
    events: a.events + b.events,
    counted: a.counted + b.counted,
    bothEnds: a.bothEnds + b.bothEnds,
    replies: a.replies + b.replies,
    undetermined: a.undetermined + b.undetermined,
    unreadable: a.unreadable + b.unreadable,
    skipped: a.skipped + b.skipped,
  };
}

/** "400 events: 155 counted, 200 replies, 45 undetermined, 0 unreadable" (zero extras omitted). */
export function accountingText(a: Accounting): string {
  const parts = [`${a.counted} counted`];
  if (a.bothEnds > 0) parts.push(`${a.bothEnds} reported by both ends (counted once)`);
  parts.push(
    a.replies === 1 ? '1 reply' : `${a.replies} replies`,
    `${a.undetermined} undetermined`,
    `${a.unreadable} unreadable`,
  );
  if (a.skipped > 0) parts.push(`${a.skipped} skipped (no flow)`);
  return `${a.events} event${a.events === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
