/**
 * The labels that fit (overlays.ts) placed once the camera rests, and the framing they set: sigma
 * fits the picture to the entities and the labels drawn (autoRescaleContent), so every change of
 * the labels shown — after a camera move, or the hovered entity's label and its neighbours' —
 * would move the whole picture under the pointer. Once the first labels of a picture are placed
 * the framing is kept as it is, until the picture or the canvas size changes. DOM-side only.
 */
import type Sigma from 'sigma';
import type Graph from 'graphology';
import { fittingLabels } from './overlays';
import type { Highlight } from './highlight';

export interface LabelPass {
  /** Places the labels after `delay` ms (again later if the camera still moves). */
  schedule(delay: number): void;
  /** A new picture (or size): framed again, with the labels its first label pass places. */
  openFrame(): void;
  /** The framing is kept and the camera rests: labels placed now stay where they are drawn. */
  settled(): boolean;
  /** Places the labels that fit, drawn with the next refresh of every entity (a hover's). */
  placeNow(): void;
  kill(): void;
}

export function labelPass(r: Sigma, g: Graph, hl: Highlight): LabelPass {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cameraAt = '';
  /** The framing follows the labels until the first labels of a picture are placed. */
  let frameOpen = true;
  /** Sigma has processed the picture since the framing was opened (its extent is current). */
  let processed = false;
  /** A label pass waits for that processing. */
  let waiting = false;

  const moving = () => r.getMouseCaptor().isMoving || r.getCamera().isAnimating();

  function schedule(delay: number): void {
    clearTimeout(timer);
    timer = setTimeout(update, delay);
  }

  /** Once the camera rests: the labels that fit (only those entities are processed again). */
  function update(): void {
    if (moving()) return schedule(150);
    // The labels are placed where sigma draws the entities: not before it has processed them.
    if (frameOpen && !processed) return void (waiting = true);
    const next = fittingLabels(r, g, hl);
    const changed = [...next].filter((id) => !hl.labelled.has(id));
    for (const id of hl.labelled) if (!next.has(id) && g.hasNode(id)) changed.push(id);
    hl.labelled = next;
    // NOTE: a refresh that skips indexation leaves the new labels undrawn in sigma 4.0.4.
    if (changed.length > 0) r.refresh({ partialGraph: { nodes: changed } });
    if (frameOpen) freezeFrame();
  }

  function openFrame(): void {
    frameOpen = true;
    processed = false;
    r.setCustomBBox(null);
  }

  function freezeFrame(): void {
    const b = r.getBBox();
    r.setCustomBBox({ x: [b.x[0], b.x[1]], y: [b.y[0], b.y[1]] });
    frameOpen = false;
  }

  r.on('afterProcess', () => {
    processed = true;
    if (waiting) schedule(0);
    waiting = false;
  });
  r.on('resize', () => {
    openFrame();
    // A resize alone does not process the entities again: ask for it, to fit the new size.
    r.refresh({ partialGraph: { nodes: [] }, schedule: true });
    schedule(0);
  });
  // Only a real camera move re-places the labels (a refit after new labels is no move).
  r.getCamera().on('updated', (c) => {
    const at = `${c.x} ${c.y} ${c.ratio} ${c.angle}`;
    if (at !== cameraAt) schedule(g.order > 1000 ? 150 : 30);
    cameraAt = at;
  });

  return {
    schedule,
    openFrame,
    settled: () => !frameOpen && !moving(),
    placeNow: () => void (hl.labelled = fittingLabels(r, g, hl)),
    kill: () => clearTimeout(timer),
  };
}
