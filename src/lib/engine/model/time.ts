/**
 * Times the engine accepts: epoch milliseconds from 1970-01-01 to 9999-12-31 (UTC), built from
 * calendar fields that exist (no 30 February, no month 13; years below 100 are years, not
 * 19xx). Anything else is NaN, which the readers report as a diagnostic; a time that passed
 * here always prints (`toISOString` never throws on it).
 */

export const MIN_TIME = 0;
export const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A finite epoch ms inside [MIN_TIME, MAX_TIME]. */
export function isValidTime(ms: number): boolean {
  return ms >= MIN_TIME && ms <= MAX_TIME;
}

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days of month `mo` (1–12) of year `y`. */
export function daysInMonth(y: number, mo: number): number {
  return mo === 2 && leap(y) ? 29 : (DAYS[mo - 1] ?? 0);
}

/** Whether the date exists (year 1970–9999). */
export function validDate(y: number, mo: number, d: number): boolean {
  return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Epoch ms of a UTC calendar time; NaN when a field is out of range (second 60 allowed). */
export function utcMs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  if (!validDate(y, mo, d) || !(h <= 23 && mi <= 59 && s <= 60)) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

const ISO_ARG =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 date or time as people type it (`2024-02-29`, `2024-02-29T10:00`,
 * `…:00.5+02:00`); UTC without an offset. NaN when it is not one or the date does not exist.
 */
export function parseTimeArg(text: string): number {
  const m = ISO_ARG.exec(text.trim());
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  const ms = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const t = utcMs(y!, mo!, d!, h!, mi!, s!, ms);
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return t;
  const digits = zone.replace(':', '');
  const zh = Number(digits.slice(1, 3));
  const zm = Number(digits.slice(3, 5));
  if (zh > 23 || zm > 59) return NaN;
  const off = (zh * 60 + zm) * 60_000;
  return zone.startsWith('-') ? t + off : t - off;
}
