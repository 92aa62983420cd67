/**
 * RFC 3339 times read straight from bytes for the byte line paths: the canonical UTC shape
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z` only, computed exactly as common.ts `parseIsoTime` computes
 * it (same fraction arithmetic, same Date.UTC day), with the day of the previous call reused.
 * Any other shape gives NaN and the caller parses the string with `parseIsoTime`.
 */
import { validDate } from '../model/time';

export interface DayCache {
  /** `YYYY-MM-DD` of the cached day as a number (year * 10000 + month * 100 + day), or -1. */
  ymd: number;
  dayMs: number;
}

export function createDayCache(): DayCache {
  return { ymd: -1, dayMs: 0 };
}

function digits(b: Uint8Array, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = (b[i] as number) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/** Milliseconds of the fraction after the `.` at `i`, the same float steps as parseIsoTime. */
function fractionMs(b: Uint8Array, i: number, end: number): [number, number] {
  let ms = 0;
  let scale = 100;
  let j = i + 1;
  for (; j < end; j++) {
    const c = (b[j] as number) - 48;
    if (c < 0 || c > 9) break;
    ms += c * scale;
    scale /= 10;
  }
  return [Math.floor(ms), j];
}

function separatorsOk(b: Uint8Array, s: number): boolean {
  return (
    b[s + 4] === 45 && b[s + 7] === 45 && b[s + 10] === 84 && b[s + 13] === 58 && b[s + 16] === 58
  );
}

/** Epoch ms of the canonical UTC time in bytes [s, e) (no quotes); NaN for any other shape. */
export function isoTimeBytes(b: Uint8Array, s: number, e: number, days: DayCache): number {
  if (e - s < 20 || b[e - 1] !== 90 || !separatorsOk(b, s)) return NaN;
  let ms = 0;
  let i = s + 19;
  if (b[i] === 46) [ms, i] = fractionMs(b, i, e);
  if (i !== e - 1) return NaN;
  const y = digits(b, s, 4);
  const mo = digits(b, s + 5, 2);
  const d = digits(b, s + 8, 2);
  const h = digits(b, s + 11, 2);
  const mi = digits(b, s + 14, 2);
  const sec = digits(b, s + 17, 2);
  if (!(h <= 23 && mi <= 59 && sec <= 60)) return NaN;
  const ymd = y * 10000 + mo * 100 + d;
  if (ymd !== days.ymd) {
    // Only a date that exists is cached (model/time.ts: no 30 February, no year 0050 as 1950).
    if (!validDate(y, mo, d)) return NaN;
    days.ymd = ymd;
    days.dayMs = Date.UTC(y, mo - 1, d);
  }
  // Date.UTC(y, mo - 1, d, h, mi, sec, ms) is the day plus this exact integer sum.
  const v = days.dayMs + (h * 3_600_000 + mi * 60_000 + sec * 1000 + ms);
  return Number.isFinite(v) ? v : NaN;
}
