/**
 * A review's rows as the worker sends them to the page: JSON text, packed. The plain JSON of
 * 10,000 rows (3.7 MB) spent most of its bytes on what every row repeats — each field's name and
 * the row's workload — and the worker's JSON.stringify, the copy between the threads and the
 * page's JSON.parse all go by the byte (in Chromium about 60 ms of the first choice for the
 * 10,000 rows, before the table can be painted). Packed, a row is the array of its values under
 * a list of its field names (`shapes`, one per set of fields), its workload an index into the
 * distinct workloads (2.1 MB for those rows); `unpackRows` makes the same objects
 * `JSON.parse(JSON.stringify(rows))` makes — the same fields, in the same order, the same values
 * — but that rows of one workload share its object (rows are never changed in place).
 */
import type { Communication, WorkloadRef } from '$lib/engine';

interface Packed {
  /** Each set of fields a row has, its fields in the row's order. */
  shapes: string[][];
  workloads: WorkloadRef[];
  /** Per row: its shape's index, then its fields' values (`workload`: an index in `workloads`). */
  rows: unknown[][];
}

/** The packed text of rows arrays packed before (rows arrays are never changed). */
const packed = new WeakMap<readonly Communication[], string>();

/** `packRows(rows)`, made once per rows array. */
export function packedRows(rows: readonly Communication[]): string {
  let text = packed.get(rows);
  if (text === undefined) packed.set(rows, (text = packRows(rows)));
  return text;
}

/** Whether `packedRows` has the text of this rows array already. */
export function rowsPacked(rows: readonly Communication[]): boolean {
  return packed.has(rows);
}

/** The rows as packed JSON text (what `unpackRows` reads). */
export function packRows(rows: readonly Communication[]): string {
  const shapes: string[][] = [];
  const shapeOf = new Map<string, number>();
  const workloads: WorkloadRef[] = [];
  const workloadOf = new Map<string, number>();
  const out: unknown[][] = new Array(rows.length);
  let last: object | undefined;
  let lastIndex = -1;
  let lastFields: string[] | null = null;
  let shape = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown as Record<string, unknown>;
    // Fields JSON leaves out (undefined) are left out of the shape too.
    let fields = Object.keys(row);
    if (fields.some((k) => row[k] === undefined))
      fields = fields.filter((k) => row[k] !== undefined);
    // Rows of one shape come together: the last row's is compared first.
    if (!sameList(fields, lastFields)) {
      const id = fields.join('\n');
      shape = shapeOf.get(id) ?? shapes.push(fields) - 1;
      shapeOf.set(id, shape);
      lastFields = shapes[shape]!;
    }
    const packed: unknown[] = new Array(fields.length + 1);
    packed[0] = shape;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      let value = row[field];
      if (field === 'workload') {
        // Rows come by workload: the last row's is compared first, its JSON made only when not it.
        if (last === undefined || !sameFields(value as object, last)) {
          const text = JSON.stringify(value);
          lastIndex = workloadOf.get(text) ?? -1;
          if (lastIndex < 0) {
            lastIndex = workloads.push(JSON.parse(text) as WorkloadRef) - 1;
            workloadOf.set(text, lastIndex);
          }
          last = value as object;
        }
        value = lastIndex;
      }
      packed[f + 1] = value;
    }
    out[i] = packed;
  }
  const packed: Packed = { shapes, workloads, rows: out };
  return JSON.stringify(packed);
}

function sameList(x: readonly string[], y: readonly string[] | null): boolean {
  if (y === null || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The same fields in the same order, each the same value (so the same JSON). */
function sameFields(a: object, b: object): boolean {
  if (a === b) return true;
  const x = Object.keys(a);
  const y = Object.keys(b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const k = x[i]!;
    if (k !== y[i] || (a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k])
      return false;
  }
  return true;
}

/** The rows of `packRows`' text. */
export function unpackRows(text: string): Communication[] {
  const { shapes, workloads, rows } = JSON.parse(text) as Packed;
  const out: Communication[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const packed = rows[i]!;
    const fields = shapes[packed[0] as number]!;
    const row: Record<string, unknown> = {};
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      const value = field === 'workload' ? workloads[packed[f + 1] as number] : packed[f + 1];
      // An own field named __proto__, as JSON.parse makes it (an assignment would set the prototype).
      if (field === '__proto__')
        Object.defineProperty(row, field, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else row[field] = value;
    }
    out[i] = row as unknown as Communication;
  }
  return out;
}
