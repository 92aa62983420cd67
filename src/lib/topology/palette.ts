/**
 * The topology's two palettes, light and dark (DESIGN.md §1.5's contract, kept on both): the
 * "black" of the contract is the canvas's ink — black on the light canvas, near-white on the
 * dark one — so that a resolved, allowed line always reads as the neutral, strongest mark, red
 * stays the only warm colour and blue the only cool one. Entities, lines and labels keep ≥ 4.5:1
 * against the background, the grey Service links ≥ 3:1 (WCAG non-text contrast). No imports: the
 * end-to-end tests read these colours too.
 */

export type Tone = 'selected' | 'entity' | 'allowed' | 'denied' | 'serviceLink';

export interface Palette {
  selected: string;
  entity: string;
  allowed: string;
  denied: string;
  serviceLink: string;
  background: string;
  /** Marks pushed back while something else is emphasised (hover, search). */
  faded: string;
  label: string;
  labelBackground: string;
  /** Namespace hulls: fill and outline. */
  hull: string;
  hullBorder: string;
}

export const LIGHT: Palette = {
  selected: '#1560d4',
  entity: '#000000',
  allowed: '#000000',
  denied: '#e0201b',
  serviceLink: '#858e98',
  background: '#ffffff',
  faded: '#d4d8dd',
  label: '#111111',
  labelBackground: 'rgba(255, 255, 255, 0.85)',
  hull: 'rgba(21, 96, 212, 0.05)',
  hullBorder: '#8b95a1',
};

export const DARK: Palette = {
  selected: '#5ba3ff',
  entity: '#f1f3f6',
  allowed: '#f1f3f6',
  denied: '#ff5c57',
  serviceLink: '#7e8894',
  background: '#14171c',
  faded: '#3a4049',
  label: '#f1f3f6',
  labelBackground: 'rgba(20, 23, 28, 0.85)',
  hull: 'rgba(91, 163, 255, 0.07)',
  hullBorder: '#6b7582',
};

export function paletteFor(dark: boolean): Palette {
  return dark ? DARK : LIGHT;
}
