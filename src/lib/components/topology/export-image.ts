/**
 * Export of the whole picture, whatever the camera shows: an SVG document built from the drawn
 * graph (src/lib/topology/svg.ts), and a PNG of the chosen size made by drawing that SVG onto a
 * canvas of that size. No dependency, nothing leaves the page (state/download saves the blob).
 */
import type { Palette } from '$lib/topology/palette';
import { sceneToSvg, type Scene } from '$lib/topology/svg';
import { measureText } from './overlays';

/** The largest side a PNG may have (browsers refuse bigger canvases). */
export const MAX_SIDE = 8192;

export function svgBlob(scene: Scene, width: number, height: number): Blob {
  return new Blob([sceneToSvg(scene, width, height, measureText)], { type: 'image/svg+xml' });
}

export async function pngBlob(scene: Scene, width: number, height: number): Promise<Blob | null> {
  const url = URL.createObjectURL(svgBlob(scene, width, height));
  try {
    const img = new Image(width, height);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The legend written into the exported picture, in its palette. */
export function exportLegend(p: Palette): Scene['legend'] {
  return [
    { color: p.allowed, text: 'resolved, in the policy', mark: 'line' },
    { color: p.denied, text: 'not resolved or not in the policy', mark: 'line' },
    { color: p.serviceLink, text: 'Service → its workload', mark: 'line' },
    { color: p.selected, text: 'selected workload', mark: 'dot' },
    { color: p.entity, text: 'other workloads, Services, peers', mark: 'dot' },
  ];
}
