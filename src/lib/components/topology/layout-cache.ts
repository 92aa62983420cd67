/**
 * The topology's layout cache: a picture whose nodes and lines did not change gets the very
 * same positions back, so the graph is stable between visits and between colour changes. A new
 * structure is laid out in the layout worker, through the one worker client ($lib/worker/client).
 */
import type { LayoutInput, LayoutResult } from '$lib/topology/layout';
import { layout } from '$lib/worker/client';

const CACHE_LIMIT = 24;
const cache = new Map<string, LayoutResult>();

/** FNV-1a over the structure (53 bits are plenty for a cache key). */
export function structureHash(input: LayoutInput): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 16777619);
      h2 = Math.imul(h2 ^ c, 2246822507);
    }
  };
  feed(input.mode);
  for (const n of input.nodes) feed(`|${n.id}${n.focus ? '*' : ''}`);
  for (const e of input.edges) feed(`|${e.source}>${e.target}`);
  return `${input.nodes.length}.${input.edges.length}.${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

/** Positions for the picture, from the cache or computed in the layout worker. */
export async function layoutOf(input: LayoutInput): Promise<LayoutResult & { cached: boolean }> {
  const key = structureHash(input);
  const hit = cache.get(key);
  if (hit) return { ...hit, cached: true };
  const result = await layout(input);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return { ...result, cached: false };
}
