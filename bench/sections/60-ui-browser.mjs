/**
 * Browser section: the review at scale in Chromium, before and after, in one run
 * (bench/ui-review.mjs) — every review interaction on a 10,000-row workload and on the largest
 * namespace table of the largest capture, by this tree's app and by the app of the baseline
 * commit, median and p95, with the load average during the run. Needs build/ (built when
 * missing) and builds the baseline's app in the system's temporary folder once.
 */
import { cpus } from 'node:os';
import { measureReview, printReview } from '../ui-review.mjs';

export const name = 'ui-browser';

export async function run(ctx) {
  const size = Math.max(...ctx.sizes);
  const { flows, dump } = ctx.files[size];
  const log = (m) => process.stdout.write(`  ${m}\n`);
  const review = await measureReview({ flows, dump, rounds: Math.max(5, ctx.repeat), log });
  return { size, cores: cpus().length, ...review };
}

export function print(result) {
  return printReview(result);
}
