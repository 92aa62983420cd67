/** Locale-independent orderings shared by the topology modules (stable across machines). */

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `53/UDP` before `9080/TCP`: by port number, then protocol. */
export function comparePorts(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || compare(a, b);
}
