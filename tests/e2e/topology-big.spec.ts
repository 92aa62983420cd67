/**
 * A picture of more than 2,000 lines: the pointer picks no line there (the lines are not drawn
 * into sigma's picking buffer), a line is picked from the Lines list, and the entities are still
 * hovered (their card, the emphasis drawn over the picture) and clicked. Real Hubble flows: the
 * demo's first flow (productpage-v1 → reviews-v2) re-addressed to 2,100 public IPs.
 */
import { expect, test } from '@playwright/test';
import { LIGHT } from '../../src/lib/topology/palette';
import { DUMP, TCP, chooseWorkload, sample } from './helpers';
import { census, hoverNearMiddle, hoverSelected, openBenchPicture } from './topology-helpers';

test.use({ colorScheme: 'light', viewport: { width: 1280, height: 1100 } });

const PEERS = 2100;

/** productpage-v1 opening TCP connections to `PEERS` addresses of 198.18.0.0/15 (benchmarking). */
function manyPeers(): Buffer {
  const template = JSON.parse(sample(TCP).toString('utf8').split('\n')[0]!) as {
    time: string;
    flow: Record<string, unknown> & { time: string; IP: { destination: string } };
  };
  const start = Date.parse(template.flow.time);
  const lines = Array.from({ length: PEERS }, (_, i) => {
    const f = structuredClone(template);
    f.time = f.flow.time = new Date(start + i * 37).toISOString();
    f.flow.IP.destination = `198.18.${i >> 8}.${i & 255}`;
    f.flow.l4 = { TCP: { source_port: 40000 + i, destination_port: 443, flags: { SYN: true } } };
    f.flow.destination = { identity: 2, labels: ['reserved:world'] };
    f.flow.is_reply = false;
    f.flow.Summary = 'TCP Flags: SYN';
    return JSON.stringify(f);
  });
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('above 2,000 lines: a line is picked from the Lines list, entities are hovered and clicked', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([
    { name: 'dump.json', mimeType: 'application/json', buffer: sample(DUMP) },
    { name: 'peers.json', mimeType: 'application/json', buffer: manyPeers() },
  ]);
  await expect(page.locator('[data-import="peers.json"] .status')).toHaveText('done', {
    timeout: 30_000,
  });
  await page
    .getByRole('region', { name: 'Scope' })
    .getByLabel('Namespace')
    .selectOption('bookinfo');
  await chooseWorkload(page, 'productpage-v1');
  await page.getByRole('tab', { name: 'Topology' }).click();
  const region = page.getByRole('region', { name: 'Topology' });
  const status = region.getByRole('status').last();
  // The peers' lines, and the demo's Service link in front of reviews-v2.
  await expect(status).toContainText(/ 2,?1\d\d lines/, { timeout: 30_000 });
  await expect(status).toContainText('layout', { timeout: 60_000 });

  // The Lines list picks a line: its panel opens on its row.
  const lines = region.getByRole('listbox', { name: /^Lines \(21\d\d\)/ });
  await lines.getByRole('option', { name: /productpage-v1 → 198\.18\.1\.7 / }).click();
  const panel = region.getByRole('region', { name: 'Selected line' });
  await expect(panel.getByRole('heading')).toHaveText('productpage-v1 → 198.18.1.7 (unknown)');
  await panel.getByRole('button', { name: 'Close the selected line' }).click();
  await expect(panel).toHaveCount(0);

  // The reviewed (blue) entity is hovered: its card.
  const canvas = region.getByTestId('topology-canvas');
  await hoverSelected(page, region, LIGHT, 'Deployment productpage-v1');

  // And clicked: its details open.
  const box = (await canvas.boundingBox())!;
  const blue = (await census(page, canvas, LIGHT)).blueAt!;
  await page.mouse.click(box.x + blue.x, box.y + blue.y - 6);
  await expect(region.getByRole('region', { name: 'Selected entity' })).toContainText(
    'productpage-v1',
  );
});

test('above 2,000 lines the hover emphasis is drawn over the picture and goes with the pointer', async ({
  page,
}) => {
  const canvas = await openBenchPicture(page, 'view=cluster&nodes=600&edges=2500');
  const ink = async () => (await census(page, canvas, LIGHT)).ink;
  await expect.poll(ink, { timeout: 30_000 }).toBeGreaterThan(5_000);
  await page.waitForTimeout(1_000);
  const rest = await ink();
  await hoverNearMiddle(page, canvas);
  // Everything but the entity, its lines and neighbours fades: most of the black is gone.
  await expect.poll(ink).toBeLessThan(rest / 3);
  // The pointer leaves: the picture is back as it was.
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await expect.poll(ink).toBeGreaterThan(rest * 0.9);
  // A wheel zoom (an animated camera: lines hidden while it moves) ends on the picture at rest,
  // lines drawn, though sigma's state changes ask for no frame of their own while hovering.
  const blended = async () => {
    const c = await census(page, canvas, LIGHT);
    return c.total - c.background - c.ink - c.red - c.blue;
  };
  const lines = await blended();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // In, then out again by as much: the camera ends where it was.
  await page.mouse.wheel(0, -200);
  await page.waitForTimeout(1_000);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(1_500);
  await expect.poll(blended, { timeout: 15_000 }).toBeGreaterThan(lines * 0.8);
});
