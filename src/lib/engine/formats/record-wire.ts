/**
 * A flow reader's events — records and DNS answers, in the order the reader gave them — packed
 * in batches to cross to another thread (a reader's stage on one thread, resolution and
 * aggregation on another): `createWireWriter` takes the events as ReadOptions' `onRecord` and
 * `onAnswers` get them, `take` hands the events so far over as a batch, and `createWireReader`
 * gives them back, in the same order, to the other side's `onRecord` and `onAnswers`. A writer's
 * batches are read in the order they were taken, each once, by one reader of its own (the pair
 * may keep state across batches, such as values sent once).
 *
 * What is read back equals what was written (tests/unit/engine/formats/record-wire.test.ts):
 * the same keys with the same values, none added.
 *
 * This first version sends the events as they are, for the structured clone to copy; the
 * clone gives plain objects, so the reader gives the endpoints' labels back their null
 * prototype (labels are kept without one: a label named `constructor` or `__proto__` is a label).
 */
import type { EndpointMeta, FlowRecord } from '../model/flow';
import type { DnsAnswer } from '../model/names';
import type { ReadOptions } from './types';

/** An event of a batch: a record, or answers with their time and end. */
type WireEvent =
  { record: FlowRecord } | { answers: DnsAnswer[]; time: number | null; end: number | undefined };

/** Events of a reader, in order (structured-cloneable). */
export interface WireBatch {
  events: WireEvent[];
}

export interface WireWriter {
  /** ReadOptions' `onRecord`. */
  record(r: FlowRecord): void;
  /** ReadOptions' `onAnswers`. */
  answers(answers: DnsAnswer[], time: number | null, end: number | undefined): void;
  /** Events written since the last `take`. */
  readonly pending: number;
  /**
   * The events since the last `take` as a batch, and the buffers to transfer with it (the
   * batch's own: the writer keeps no reference to them).
   */
  take(): { batch: WireBatch; transfer: ArrayBuffer[] };
}

export interface WireReader {
  /** Gives a batch's events in their order to `into`. */
  read(batch: WireBatch, into: Pick<ReadOptions, 'onRecord' | 'onAnswers'>): void;
}

export function createWireWriter(): WireWriter {
  let events: WireEvent[] = [];
  return {
    record(record) {
      events.push({ record });
    },
    answers(answers, time, end) {
      events.push({ answers, time, end });
    },
    get pending() {
      return events.length;
    },
    take() {
      const batch = { events };
      events = [];
      return { batch, transfer: [] };
    },
  };
}

/** Labels as the readers keep them, without a prototype (once per object the clone gave). */
function bareLabels(end: EndpointMeta | undefined): void {
  const labels = end?.labels;
  if (labels && Object.getPrototypeOf(labels) !== null) Object.setPrototypeOf(labels, null);
}

export function createWireReader(): WireReader {
  return {
    read(batch, into) {
      for (const e of batch.events) {
        if ('record' in e) {
          bareLabels(e.record.src);
          bareLabels(e.record.dst);
          into.onRecord(e.record);
        } else into.onAnswers?.(e.answers, e.time, e.end);
      }
    },
  };
}
