/**
 * Browser section: the topology's layout time and the median frame time while panning the
 * 500-entity / 2,000-line namespace view in Chromium (bench/topology-browser.mjs).
 */
import { printTopologyBench, runTopologyBench } from '../topology-browser.mjs';

export const name = 'topology';

export function run(ctx) {
  return runTopologyBench({ repeat: ctx.repeat });
}

export function print(result) {
  return printTopologyBench(result);
}
