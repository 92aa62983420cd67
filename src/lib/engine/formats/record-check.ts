/**
 * The values every flow record must hold before it counts, checked once for all formats where
 * readInput hands records on: times that exist (model/time.ts), addresses in the lenient
 * capture syntax (model/address.ts), ports 0–65535. A record that fails is skipped with a
 * diagnostic naming the field and the value (as visible text), never turned into port 0, an
 * `Invalid Date` or a peer named `999.1.1.1`.
 */
import { DIAGNOSTIC_CODES } from '../model/diagnostic';
import type { FlowRecord } from '../model/flow';
import { isDottedQuad, parseIpLenient } from '../model/address';
import { isValidTime } from '../model/time';
import { visibleLine } from '../model/text';
import { excerpt } from './diagnostics';

export interface RecordProblem {
  code: string;
  message: string;
}

/** Addresses other than dotted quads already judged (IPv6 text repeats within a capture). */
const judged = new Map<string, boolean>();

function isAddress(s: string): boolean {
  if (isDottedQuad(s)) return true;
  let ok = judged.get(s);
  if (ok === undefined) {
    ok = s.length <= 64 && parseIpLenient(s) !== null;
    if (judged.size >= 4096) judged.clear();
    judged.set(s, ok);
  }
  return ok;
}

function isPort(p: number): boolean {
  return Number.isInteger(p) && p >= 0 && p <= 65535;
}

function quoted(v: string): string {
  return JSON.stringify(visibleLine(excerpt(v, 60)));
}

const TIME = 'is not a time between 1970-01-01 and 9999-12-31';

/** The first field whose value is present and fails `ok`, as a problem. */
function firstBad<T>(
  fields: readonly (readonly [string, T | undefined])[],
  ok: (v: T) => boolean,
  code: string,
  message: (field: string, v: T) => string,
): RecordProblem | null {
  for (const [field, v] of fields)
    if (v !== undefined && !ok(v)) return { code, message: message(field, v) };
  return null;
}

function badAddress(r: FlowRecord): RecordProblem | null {
  const fields = [
    ['source address', r.srcIp],
    ['destination address', r.dstIp],
    ['original destination address', r.origDstIp],
  ] as const;
  return firstBad(
    fields,
    isAddress,
    DIAGNOSTIC_CODES.BAD_ADDRESS,
    (f, v) => `The ${f} ${quoted(v)} is not an IP address; record skipped`,
  );
}

function badPort(r: FlowRecord): RecordProblem | null {
  const fields = [
    ['source port', r.srcPort],
    ['destination port', r.dstPort],
    ['original destination port', r.origDstPort],
  ] as const;
  return firstBad(
    fields,
    isPort,
    DIAGNOSTIC_CODES.BAD_PORT,
    (f) => `The ${f} is not a port number (0–65535); record skipped`,
  );
}

/** Whether every address and port the record has is valid (the common case: nothing built). */
function valuesOk(r: FlowRecord): boolean {
  return (
    (r.srcIp === undefined || isAddress(r.srcIp)) &&
    (r.dstIp === undefined || isAddress(r.dstIp)) &&
    (r.origDstIp === undefined || isAddress(r.origDstIp)) &&
    (r.srcPort === undefined || isPort(r.srcPort)) &&
    (r.dstPort === undefined || isPort(r.dstPort)) &&
    (r.origDstPort === undefined || isPort(r.origDstPort))
  );
}

/** What is wrong with the record's values, or null when it may count. */
export function recordProblem(r: FlowRecord): RecordProblem | null {
  if (r.time !== null && !isValidTime(r.time))
    return {
      code: DIAGNOSTIC_CODES.BAD_TIME,
      message: `The record's time ${TIME}; record skipped`,
    };
  if (r.timeEnd !== undefined && !isValidTime(r.timeEnd))
    return {
      code: DIAGNOSTIC_CODES.BAD_TIME,
      message: `The record's end time ${TIME}; record skipped`,
    };
  // The field lists below name the bad value; they are built only for a record that has one.
  return valuesOk(r) ? null : (badAddress(r) ?? badPort(r));
}
