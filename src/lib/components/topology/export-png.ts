/**
 * PNG export of the topology without a dependency: sigma 4 draws everything (labels included)
 * on one WebGL stage canvas whose drawing buffer is not preserved, so we render synchronously
 * and copy it onto a 2D canvas in the same task, over the light background, with the legend
 * written in a corner so the picture explains itself. Then a PNG blob (saved by state/download).
 */
import type Sigma from 'sigma';
import { TOPOLOGY_COLORS } from '$lib/topology/types';

const LEGEND: [string, string, 'line' | 'dot'][] = [
  [TOPOLOGY_COLORS.allowed, 'resolved, in the policy', 'line'],
  [TOPOLOGY_COLORS.denied, 'not resolved or not in the policy', 'line'],
  [TOPOLOGY_COLORS.selected, 'selected workload', 'dot'],
  [TOPOLOGY_COLORS.entity, 'other workloads, Services, peers', 'dot'],
];

export async function compositePng(renderer: Sigma): Promise<Blob | null> {
  renderer.refresh();
  const stage = renderer.getStageCanvas();
  const out = document.createElement('canvas');
  out.width = stage.width;
  out.height = stage.height;
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = TOPOLOGY_COLORS.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(stage, 0, 0);
  drawLegend(ctx, out.height, stage.width / Math.max(1, renderer.getDimensions().width));
  return new Promise((resolve) => out.toBlob((b) => resolve(b), 'image/png'));
}

function drawLegend(ctx: CanvasRenderingContext2D, height: number, scale: number): void {
  ctx.save();
  ctx.scale(scale, scale);
  const h = height / scale;
  const top = h - 12 - LEGEND.length * 18;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(8, top - 8, 250, LEGEND.length * 18 + 10);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  LEGEND.forEach(([color, text, mark], i) => {
    const y = top + i * 18 + 4;
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    if (mark === 'line') {
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(16, y);
      ctx.lineTo(40, y);
      ctx.stroke();
    } else {
      ctx.beginPath();
      ctx.arc(28, y, 5, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.fillStyle = '#111111';
    ctx.fillText(text, 48, y);
  });
  ctx.restore();
}
