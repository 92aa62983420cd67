import { expect, test } from '@playwright/test';
import { LIGHT } from '../../src/lib/topology/palette';
import { census, hoverNearMiddle, openBenchPicture, type Census } from './topology-helpers';

test.use({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });

/** Pixels of none of the contract's colours: mostly the thin, blended lines and the labels. */
const blended = (c: Census) => c.total - c.background - c.ink - c.red - c.blue;

test('a 2,000-entity cluster: entities drawn while dragged, lines and pointer back at rest', async ({
  page,
}) => {
  // Above 1,500 entities and 1,000 lines: lines hidden and entities drawn as points while the
  // camera moves, neither of them into the picking buffer.
  const canvas = await openBenchPicture(page, 'view=cluster&nodes=2000&edges=1500');
  await expect
    .poll(async () => blended(await census(page, canvas, LIGHT)), { timeout: 30_000 })
    .toBeGreaterThan(50_000);
  const rest = await census(page, canvas, LIGHT);
  expect(rest.ink).toBeGreaterThan(20_000);

  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 8 });
  // The mouse is still down: the camera is moving, lines and labels hidden, the entities drawn
  // (about as much of the contract's black as at rest, where it is mostly entities).
  const moving = await census(page, canvas, LIGHT);
  expect(blended(moving)).toBeLessThan(blended(rest) / 3);
  expect(moving.ink).toBeGreaterThan(rest.ink / 2);
  await page.mouse.up();
  await expect
    .poll(async () => blended(await census(page, canvas, LIGHT)), { timeout: 30_000 })
    .toBeGreaterThan(blended(rest) * 0.8);

  // The picking buffer is drawn again at rest: the pointer finds the entity under it.
  await page.waitForTimeout(500);
  const target = await hoverNearMiddle(page, canvas);
  // Hovering changes the labels shown (the hovered entity's, not its neighbours'); the picture
  // stays where it is under the pointer: sigma fits the framing to the labels, frozen here once
  // the first labels are placed.
  await page.waitForTimeout(500);
  const after = await page.evaluate((id) => {
    const r = (window as unknown as { netpolishBench: { sigma: import('sigma').default } })
      .netpolishBench.sigma;
    return r.framedGraphToViewport(r.getNodeDisplayData(id)!);
  }, target.id);
  expect(Math.hypot(after.x - target.x, after.y - target.y)).toBeLessThan(0.5);
});
