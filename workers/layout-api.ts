/**
 * The layout worker's API (and what unit tests call in Node): the topology's deterministic
 * layouts, pure computation over plain data. It owns no data and never opens IndexedDB; the
 * engine worker answers every data question. `LayoutApi` is the type the client module wraps.
 */
import { computeLayout, type LayoutInput } from '$lib/topology/layout';

export const api = {
  layout: (input: LayoutInput) => computeLayout(input),
};

export type LayoutApi = typeof api;
