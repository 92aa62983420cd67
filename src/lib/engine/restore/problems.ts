/**
 * What a `restore*` function gives back: the value it could use and, for what it left out, a
 * diagnostic with a stable code (NP-STORED-ROW; an admin policy's own NP-ADMIN-POLICY), named
 * after the file the row came from, so the user sees what was dropped instead of a crash.
 */
import { DIAGNOSTIC_CODES, type Diagnostic } from '../model/diagnostic';

export interface Restored<T> {
  value: T;
  problems: Diagnostic[];
  /** Entries left out inside the value kept (each kind said once in `problems`). */
  dropped: number;
}

export type Rec = Record<string, unknown>;
export const isRec = (v: unknown): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
export const count = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A stored row (or part of one) left out: `source` is the file or the store it came from. */
export function storedProblem(source: string, message: string): Diagnostic {
  return {
    code: DIAGNOSTIC_CODES.STORED_ROW,
    severity: 'warning',
    message,
    file: source,
    line: null,
  };
}

/** "1 stored communication" / "3 stored communications". */
export const many = (n: number, one: string, several = `${one}s`) =>
  `${n} ${n === 1 ? one : several}`;

/** The problem for `n` left out, or none. */
export function leftOut(source: string, n: number, what: string, plural?: string): Diagnostic[] {
  return n > 0
    ? [
        storedProblem(
          source,
          `${many(n, what, plural)} could not be read and ${n === 1 ? 'was' : 'were'} left out`,
        ),
      ]
    : [];
}

/** A row that cannot be used at all. */
export const unusable = (source: string, what: string): Restored<null> => ({
  value: null,
  problems: leftOut(source, 1, what),
  dropped: 0,
});
