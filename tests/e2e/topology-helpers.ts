/**
 * Shared by the topology specs: a census of the canvas's pixels by the palette's colours (what
 * the user sees, WebGL included, decoded in the page itself), hovering the selected entity, and
 * opening the demo's productpage-v1 topology.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Palette } from '../../src/lib/topology/palette';
import { chooseWorkload, openGkePrometheus } from './helpers';

/** Pixel counts of the contract colours (background, ink = the contract's black, red, blue). */
export interface Census {
  total: number;
  background: number;
  ink: number;
  red: number;
  blue: number;
  /** Centroids (CSS px inside the element) of the red and blue pixels. */
  redAt: { x: number; y: number } | null;
  blueAt: { x: number; y: number } | null;
}

/**
 * Counts the element's pixels nearest to each palette colour (within a distance that leaves
 * anti-aliased blends out), from a screenshot of the element.
 */
export async function census(page: Page, el: Locator, palette: Palette): Promise<Census> {
  const png = (await el.screenshot()).toString('base64');
  const refs = [palette.background, palette.allowed, palette.denied, palette.selected];
  return page.evaluate(
    async ({ b64, refs }) => {
      const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const colours = refs.map(rgb);
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      [c.width, c.height] = [img.width, img.height];
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const counts = [0, 0, 0, 0];
      const sums = [
        [0, 0],
        [0, 0],
      ];
      const scale = window.devicePixelRatio || 1;
      for (let i = 0; i < d.length; i += 4) {
        let best = -1;
        let dist = 60 * 60;
        colours.forEach(([r, g, b], k) => {
          const e = (d[i]! - r!) ** 2 + (d[i + 1]! - g!) ** 2 + (d[i + 2]! - b!) ** 2;
          if (e < dist) [best, dist] = [k, e];
        });
        if (best < 0) continue;
        counts[best]!++;
        if (best >= 2) {
          const s = sums[best - 2]!;
          s[0]! += ((i / 4) % c.width) / scale;
          s[1]! += Math.floor(i / 4 / c.width) / scale;
        }
      }
      const at = (n: number, s: number[]) => (n > 0 ? { x: s[0]! / n, y: s[1]! / n } : null);
      return {
        total: c.width * c.height,
        background: counts[0]!,
        ink: counts[1]!,
        red: counts[2]!,
        blue: counts[3]!,
        redAt: at(counts[2]!, sums[0]!),
        blueAt: at(counts[3]!, sums[1]!),
      };
    },
    { b64: png, refs },
  );
}

/**
 * The centroid of the blue pixels once it stays put (the picture is refitted after its labels
 * are placed, so a point taken earlier may miss the entity).
 */
export async function settledBlue(
  page: Page,
  el: Locator,
  palette: Palette,
): Promise<{ x: number; y: number }> {
  let blue = { x: -1, y: -1 };
  await expect
    .poll(
      async () => {
        const before = blue;
        blue = (await census(page, el, palette)).blueAt ?? blue;
        return Math.hypot(blue.x - before.x, blue.y - before.y);
      },
      { timeout: 15_000, intervals: [300] },
    )
    .toBeLessThan(0.5);
  return blue;
}

/**
 * Hovers the selected (blue) entity of the region's picture until its hover card shows
 * `expected`; returns the card.
 */
export async function hoverSelected(
  page: Page,
  region: Locator,
  palette: Palette,
  expected: string,
): Promise<Locator> {
  const canvas = region.getByTestId('topology-canvas');
  await expect
    .poll(async () => (await census(page, canvas, palette)).blue, { timeout: 15_000 })
    .toBeGreaterThan(50);
  let blue = await settledBlue(page, canvas, palette);
  let box = (await canvas.boundingBox())!;
  const card = region.getByTestId('topology-hover');
  // The lines start at the entity's centre: point inside the disc, above or below the centre,
  // where no line passes (sigma resolves hover from an asynchronous picking read, so retry).
  // After a round of misses the entity is found again: a late refit or resize may have moved it.
  let step = 0;
  await expect
    .poll(
      async () => {
        if (step > 0 && step % 4 === 0) {
          blue = await settledBlue(page, canvas, palette);
          box = (await canvas.boundingBox())!;
        }
        const d = [-8, 8, -6, 6][step++ % 4]!;
        await page.mouse.move(box.x + blue.x, box.y + blue.y + d);
        await page.waitForTimeout(300);
        return (await card.count()) > 0 ? await card.textContent() : '';
      },
      { timeout: 30_000 },
    )
    .toContain(expected);
  return card;
}

/** The demo's bookinfo/productpage-v1 in the Topology tab, once its picture is laid out. */
export async function openProductpageTopology(page: Page): Promise<Locator> {
  await page.goto('./?demo');
  const scope = page.getByRole('region', { name: 'Scope' });
  await expect(scope.getByLabel('Namespace').locator('option[value="bookinfo"]')).toHaveCount(1, {
    timeout: 30_000,
  });
  await scope.getByLabel('Namespace').selectOption('bookinfo');
  await chooseWorkload(page, 'productpage-v1');
  await page.getByRole('tab', { name: 'Topology' }).click();
  const region = page.getByRole('region', { name: 'Topology' });
  // productpage-v1, ratings, details, reviews v1–v3, coredns (one line each), and the Services
  // in front of the servers: productpage, details, reviews, kube-dns (6 links).
  await expect(region.getByRole('status').last()).toContainText('11 entities · 12 lines');
  await expect(region.getByRole('status').last()).toContainText('layout');
  return region;
}

/**
 * Excludes the row of `peer` in the Egress tab and comes back to the Topology tab: its line
 * turns red (every row of the demo's productpage-v1 is resolved and included by default).
 */
export async function excludeEgress(page: Page, peer: string): Promise<void> {
  await page.getByRole('tab', { name: /Egress/ }).click();
  const row = page.getByRole('row').filter({ hasText: peer });
  await row.getByRole('checkbox', { name: 'Include' }).uncheck();
  await page.getByRole('tab', { name: 'Topology' }).click();
}

/**
 * The GKE capture's istio-system/prometheus (cluster "gke", no dump) in the Topology tab:
 * prometheus, kube-dns, a node-local-dns pod and the unresolved 10.128.0.4, one line each.
 */
export async function openPrometheusTopology(page: Page): Promise<Locator> {
  await page.goto('./');
  await openGkePrometheus(page);
  await page.getByRole('tab', { name: 'Topology' }).click();
  const region = page.getByRole('region', { name: 'Topology' });
  await expect(region.getByRole('status').last()).toContainText('4 entities · 3 lines');
  await expect(region.getByRole('status').last()).toContainText('layout');
  return region;
}

/**
 * Where sigma puts an entity near the middle of the canvas (CSS px inside it), and its id: the
 * nearest to the middle with no other entity within 30 px, so the pointer over it can find no
 * other (entities of a dense picture may overlap, and picking finds the one drawn on top).
 */
function entityNearMiddle() {
  const r = (window as unknown as { netpolishBench: { sigma: import('sigma').default } })
    .netpolishBench.sigma;
  const { width, height } = r.getDimensions();
  const all: { id: string; x: number; y: number; d: number }[] = [];
  r.getGraph().forEachNode((id) => {
    const v = r.framedGraphToViewport(r.getNodeDisplayData(id)!);
    all.push({ id, x: v.x, y: v.y, d: Math.hypot(v.x - width / 2, v.y - height / 2) });
  });
  all.sort((a, b) => a.d - b.d);
  const alone = (e: (typeof all)[number]) =>
    all.every((o) => o === e || Math.hypot(o.x - e.x, o.y - e.y) >= 30);
  return all.find(alone) ?? all[0]!;
}

/** The benchmark fixture's picture (`query`: its URL parameters) once laid out: its canvas. */
export async function openBenchPicture(page: Page, query: string): Promise<Locator> {
  await page.goto(`./bench/topology/?${query}`);
  const section = page.getByRole('region', { name: 'Topology' });
  await expect(section).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
  return section.getByTestId('topology-canvas');
}

/**
 * Moves the pointer onto the fixture's entity nearest the middle that stands alone, until sigma
 * enters it; returns it (its id, and where it was, in CSS px inside the canvas).
 */
export async function hoverNearMiddle(
  page: Page,
  canvas: Locator,
): Promise<{ id: string; x: number; y: number }> {
  await page.evaluate(() => {
    const w = window as unknown as {
      entered: string[];
      netpolishBench: { sigma: import('sigma').default };
    };
    w.entered = [];
    w.netpolishBench.sigma.on('enterNode', ({ node }) => w.entered.push(node));
  });
  const target = await page.evaluate(entityNearMiddle);
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + target.x + 30, box.y + target.y + 30);
  await page.mouse.move(box.x + target.x, box.y + target.y, { steps: 4 });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { entered: string[] }).entered))
    .toContain(target.id);
  return target;
}
