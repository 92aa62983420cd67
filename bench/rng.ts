/**
 * Helpers over the seeded PRNG (mulberry32, shared with the app's synthetic topology): the
 * benchmark data is the same on every machine for the same seed.
 */
import type { Rng } from '../src/lib/topology/synthetic';

export { mulberry32, type Rng } from '../src/lib/topology/synthetic';

/** Integer in [lo, hi). */
export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo));
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes-style random suffix (the alphabet of generateName). */
export function suffix(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rng() * ALNUM.length)];
  return s;
}

export function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

/** Exponential inter-arrival time with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}
