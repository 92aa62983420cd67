/**
 * The inclusion of every row of the review's large workloads made ahead (the engine's
 * workspace/warm-inclusion.ts) a moment after a verification is answered, while the page shows
 * it: then the user's first bulk inclusion finds its rows translated, its ipBlocks printed and
 * validated. In parts, each its own task: a request of the page (a policy, a save, rows) stops
 * it at the next part (`stopWarming`), and the next verification starts it again.
 */
import type { BundleRequest, PolicyRequest, Workspace } from '$lib/engine';

let timer: ReturnType<typeof setTimeout> | undefined;
/** Moves on at every stop: a warm-up of an earlier round stops at its next pause. */
let round = 0;

/** Stops the warm-up waiting or under way (at its next part). */
export function stopWarming(): void {
  clearTimeout(timer);
  round++;
}

/** Makes `r`'s inclusion ahead `afterMs` from now, unless stopped before. */
export function warmInclusionSoon(
  w: Pick<Workspace, 'warmInclusion'>,
  r: PolicyRequest | BundleRequest,
  afterMs: number,
): void {
  stopWarming();
  const mine = round;
  const pause = () => new Promise<boolean>((go) => setTimeout(() => go(mine === round), 0));
  // An error of it is dropped: it changes nothing the page sees; a page's request reports its own.
  timer = setTimeout(() => void w.warmInclusion(r, pause).catch(() => {}), afterMs);
}
