/**
 * Browser section: the topology's layout time and the median / p95 frame time while panning, for
 * the 500 / 2,000 namespace view and the 500 / 2,000 and 5,000 / 20,000 cluster views in
 * Chromium (bench/topology-browser.mjs).
 */
import { printTopologyBench, runTopologyBench } from '../topology-browser.mjs';

export const name = 'topology';

export function run(ctx) {
  return runTopologyBench({ repeat: ctx.repeat });
}

export function print(result) {
  return printTopologyBench(result);
}
