/** "1 flow", "2 flows", "1,234 communications": a number and its noun, singular when one. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
