import { expect, test, type Locator } from '@playwright/test';
import { LIGHT } from '../../src/lib/topology/palette';
import {
  census,
  openProductpageTopology,
  openPrometheusTopology,
  settledBlue,
} from './topology-helpers';

test.use({ colorScheme: 'light', viewport: { width: 1280, height: 1300 } });

const status = (region: Locator) => region.getByRole('status').last();

test('the cluster view groups namespaces, collapses them to one entity and expands them', async ({
  page,
}) => {
  const region = await openProductpageTopology(page);
  await region.getByLabel('Cluster').check();
  // bookinfo (the namespace in scope) open; kube-system, jaeger and the nodes collapsed (no IP
  // is left: the proxied traffic resolves by Cilium identity).
  await expect(status(region)).toContainText('13 entities · 19 lines');
  const entities = region.getByRole('listbox', { name: /^Entities/ });
  await expect(entities.getByRole('option', { name: /namespace kube-system/ })).toContainText(
    '3 entities, collapsed',
  );
  const canvas = region.getByTestId('topology-canvas');
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).blue, { timeout: 15_000 })
    .toBeGreaterThan(50);

  // A group's details (reached from the Entities list) expand it.
  await entities.getByRole('option', { name: /namespace kube-system/ }).click();
  const details = region.getByRole('region', { name: 'Selected entity' });
  await expect(details).toContainText('3 entities, collapsed into one');
  await details.getByRole('button', { name: 'Expand namespace kube-system' }).press('Enter');
  await expect(status(region)).toContainText('15 entities');
  await expect(entities.getByRole('option', { name: /kube-system\/coredns/ })).toHaveCount(1);

  await region.getByRole('button', { name: 'Expand all' }).click();
  await expect(status(region)).toContainText('16 entities · 20 lines');
  await expect(entities.getByRole('option', { name: /kube-system\/coredns/ })).toHaveCount(1);

  // Everything collapsed: one entity per group; the one holding productpage-v1 stays blue.
  await region.getByRole('button', { name: 'Collapse all' }).click();
  await expect(status(region)).toContainText('4 entities');
  await expect(entities.getByRole('option', { name: /productpage-v1/ })).toHaveCount(0);
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).blue, { timeout: 15_000 })
    .toBeGreaterThan(30);
  // A click on the blue group on the canvas expands it again.
  const blue = await settledBlue(page, canvas, LIGHT);
  await canvas.click({ position: blue });
  await expect(status(region)).toContainText('13 entities');
  await expect(entities.getByRole('option', { name: /productpage-v1/ })).toHaveCount(1);
});

test('the Unresolved IPs filter hides the unresolved IP and its red line', async ({ page }) => {
  // The GKE capture's prometheus: its line to 10.128.0.4 (no metadata explains it) is red.
  const region = await openPrometheusTopology(page);
  const canvas = region.getByTestId('topology-canvas');
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).red, { timeout: 15_000 })
    .toBeGreaterThan(40);
  await region.getByLabel('Unresolved IPs').uncheck();
  await expect(status(region)).toContainText('3 entities · 2 lines');
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).red, { timeout: 15_000 })
    .toBeLessThan(5);
  await expect(region.getByRole('listbox', { name: /^Entities/ })).not.toContainText('10.128.0.4');
  await region.getByLabel('Unresolved IPs').check();
  await expect(status(region)).toContainText('4 entities · 3 lines');
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).red, { timeout: 15_000 })
    .toBeGreaterThan(40);
});

test('the DNS and line width filters change what is drawn', async ({ page }) => {
  const region = await openProductpageTopology(page);
  const canvas = region.getByTestId('topology-canvas');
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).ink, { timeout: 15_000 })
    .toBeGreaterThan(300);
  // DNS: the coredns line, coredns and its kube-dns Service go.
  await region.getByLabel('DNS').uncheck();
  await expect(status(region)).toContainText('9 entities · 10 lines');
  await expect(region.getByRole('listbox', { name: /^Entities/ })).not.toContainText('coredns');
  // Every line the same width: thinner lines, less ink.
  const wide = await census(page, canvas, LIGHT);
  await region.getByLabel('Line width by flows').uncheck();
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).ink, { timeout: 15_000 })
    .toBeLessThan(wide.ink * 0.97);
  // Back to everything (lines still of one width).
  await region.getByLabel('DNS').check();
  await expect(status(region)).toContainText('11 entities · 12 lines');
  await expect(region.getByRole('listbox', { name: /^Entities/ })).toContainText('coredns');
});

test('reaches an entity’s details and its lines with the keyboard only', async ({ page }) => {
  const region = await openProductpageTopology(page);
  const entities = region.getByRole('listbox', { name: 'Entities (11)' });
  const focused = entities.locator('[role="option"]:focus');
  for (let i = 0; i < 40 && (await focused.count()) === 0; i++) await page.keyboard.press('Tab');
  await expect(focused).toContainText('details-v1');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  await expect(focused).toContainText('productpage-v1');
  const details = region.getByRole('region', { name: 'Selected entity' });
  await expect(details.getByRole('heading')).toHaveText('Deployment productpage-v1');
  await expect(details).toContainText('Namespace bookinfo');
  await expect(details).toContainText('Listening ports 9080/TCP');
  await expect(details).toContainText('Services bookinfo/productpage');
  await expect(details).toContainText('app=productpage');
  await expect(details).toContainText('Flows out 230 · in 55');
  await expect(details).toContainText('Lines (7)');

  // On through the panel to one of its lines, and from the line to the other end's details.
  const toDetails = details.getByRole('button', { name: /→ details-v1/ });
  for (let i = 0; i < 40; i++) {
    if (await toDetails.evaluate((b) => b === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(toDetails).toBeFocused();
  await page.keyboard.press('Enter');
  const line = region.getByRole('region', { name: 'Selected line' });
  await expect(line.getByRole('heading')).toHaveText('productpage-v1 → details-v1');
  const end = line.getByRole('button', { name: 'Details of details-v1' });
  for (let i = 0; i < 20; i++) {
    if (await end.evaluate((b) => b === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(end).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(details.getByRole('heading')).toHaveText('Deployment details-v1');
  await expect(details).toContainText('Services bookinfo/details');
});

test('exports the whole graph, not the viewport: PNG at the chosen size, and SVG', async ({
  page,
}) => {
  const region = await openProductpageTopology(page);
  // Zoomed onto one entity: the export still holds all eleven.
  await region.getByRole('searchbox', { name: 'Search nodes' }).fill('coredns');
  await region.getByRole('button', { name: 'Focus' }).click();

  await region.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the whole graph' });
  await dialog.getByLabel('Width').fill('1600');
  await dialog.getByLabel('Height').fill('900');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('topology-productpage-v1.png');
  const bytes = Buffer.concat(await (await png.createReadStream()).toArray());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1600, 900]);
  expect(bytes.length).toBeGreaterThan(10_000);

  await region.getByRole('button', { name: 'Export…' }).click();
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toBe('topology-productpage-v1.svg');
  const text = Buffer.concat(await (await svg.createReadStream()).toArray()).toString();
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      size: [root.getAttribute('width'), root.getAttribute('height')],
      entities: [...doc.querySelectorAll('[data-entity]')].map((e) =>
        e.getAttribute('data-entity'),
      ),
      text: [...doc.querySelectorAll('text')].map((t) => t.textContent),
    };
  }, text);
  expect(parsed.error).toBeNull();
  expect(parsed.size).toEqual(['1600', '900']);
  expect(parsed.entities).toHaveLength(11);
  expect(parsed.entities).toContain('workload:Deployment/bookinfo/ratings-v1');
  expect(parsed.text).toContain('productpage-v1');
  expect(parsed.text).toContain('not resolved or not in the policy');
});
