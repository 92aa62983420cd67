import { expect, test } from '@playwright/test';
import { DARK, LIGHT } from '../../src/lib/topology/palette';
import {
  census,
  excludeEgress,
  openProductpageTopology,
  openPrometheusTopology,
  hoverSelected,
} from './topology-helpers';

test.describe('topology on the demo data', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 1280, height: 1100 } });

  test('draws entities and lines in the contract colours on a dark canvas in the dark theme', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    // One line not in the policy, for the red.
    await excludeEgress(page, 'details-v1');
    await expect(region.getByRole('note', { name: 'Legend' })).toContainText(
      'Resolved and in the policy (black, drawn light on the dark canvas)',
    );
    const canvas = region.getByTestId('topology-canvas');
    await expect
      .poll(async () => (await census(page, canvas, DARK)).blue, { timeout: 15_000 })
      .toBeGreaterThan(50);
    const c = await census(page, canvas, DARK);
    // Neither empty nor flooded: mostly the dark background, with light ink, red and blue marks;
    // nothing of the light palette's white or black.
    expect(c.background / c.total).toBeGreaterThan(0.8);
    expect(c.background / c.total).toBeLessThan(0.995);
    expect(c.ink).toBeGreaterThan(300);
    expect(c.red).toBeGreaterThan(40);
    expect(c.blue).toBeGreaterThan(50);
    const light = await census(page, canvas, LIGHT);
    expect(light.background / light.total).toBeLessThan(0.01);
  });

  test('the excluded unresolved IP is a red line that turns black once aliased (which includes it)', async ({
    page,
  }) => {
    const region = await openPrometheusTopology(page);
    const canvas = region.getByTestId('topology-canvas');
    await expect
      .poll(async () => (await census(page, canvas, DARK)).red, { timeout: 15_000 })
      .toBeGreaterThan(40);

    // Alias it in the Unresolved IPs tab: saving the alias includes the IP's row too.
    await page.getByRole('tab', { name: 'Unresolved IPs' }).click();
    const ipRow = page.getByRole('row').filter({ hasText: '10.128.0.4' }).first();
    await ipRow.getByRole('button', { name: 'Alias' }).click();
    await page.getByLabel('Alias name').fill('metrics-probe');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'metrics-probe' }).first()).toBeVisible();

    // Aliased and included: no red line left.
    await page.getByRole('tab', { name: 'Topology' }).click();
    await expect(region.getByRole('status').last()).toContainText('4 entities · 3 lines');
    await expect
      .poll(async () => (await census(page, canvas, DARK)).red, { timeout: 15_000 })
      .toBeLessThan(5);
    // Excluded again from the line's panel: red; included there: black.
    await page.getByRole('tab', { name: 'Unresolved IPs' }).click();
    await ipRow.getByRole('checkbox', { name: 'Include' }).uncheck();
    await page.getByRole('tab', { name: 'Topology' }).click();
    await expect
      .poll(async () => (await census(page, canvas, DARK)).red, { timeout: 15_000 })
      .toBeGreaterThan(40);
    const red = (await census(page, canvas, DARK)).redAt!;
    await canvas.click({ position: red });
    const panel = region.getByRole('region', { name: 'Selected line' });
    await expect(panel.getByRole('heading')).toHaveText('prometheus → metrics-probe (10.128.0.4)');
    await expect(panel).toContainText('not in the policy');
    await panel.getByRole('checkbox', { name: 'Include' }).check();
    await expect(panel).toContainText('in the policy');
    await expect
      .poll(async () => (await census(page, canvas, DARK)).red, { timeout: 15_000 })
      .toBeLessThan(5);
    expect((await census(page, canvas, DARK)).ink).toBeGreaterThan(100);

    // The same decision shows in the Egress tab, on the selected row.
    await page.getByRole('tab', { name: /Egress/ }).click();
    const row = page.getByRole('row').filter({ hasText: 'metrics-probe' });
    await expect(row.getByRole('checkbox', { name: 'Include' })).toBeChecked();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  });

  test('picks lines with the keyboard only: the list of lines selects a line and its row', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    const lines = region.getByRole('listbox', { name: 'Lines (12)' });
    await expect(lines.getByRole('option')).toHaveCount(12);
    // From the Topology tab (where the opening left the focus), Tab until a line has the focus.
    const focused = lines.locator('[role="option"]:focus');
    for (let i = 0; i < 40 && (await focused.count()) === 0; i++) {
      await page.keyboard.press('Tab');
    }
    await expect(focused).toContainText('productpage-v1 → details-v1');
    await expect(lines.getByRole('option', { selected: true })).toHaveCount(0);

    // Enter picks it: the line panel opens on its rows.
    await page.keyboard.press('Enter');
    const panel = region.getByRole('region', { name: 'Selected line' });
    await expect(panel.getByRole('heading')).toHaveText('productpage-v1 → details-v1');
    await expect(panel).toContainText('in the policy');
    await expect(lines.getByRole('option', { selected: true })).toContainText(
      '9080/TCP · 55 flows · in the policy',
    );
    // Escape lets it go; the arrow moves to the next line and picks it.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await page.keyboard.press('ArrowDown');
    await expect(panel.getByRole('heading')).toHaveText('productpage-v1 → kube-system/coredns');
    await expect(focused).toContainText('productpage-v1 → kube-system/coredns');
    await expect(focused).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(panel.getByRole('heading')).toHaveText('svc reviews → reviews-v3');
    await expect(panel).toContainText('Details of svc reviews');
    await page.keyboard.press('PageUp');
    await expect(panel.getByRole('heading')).toHaveText('productpage-v1 → kube-system/coredns');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect(panel.getByRole('heading')).toHaveText('productpage-v1 → reviews-v3');

    // On into the panel: exclude the row with Space, then show it in the Egress table.
    await page.keyboard.press('Tab');
    await expect(panel.getByRole('button', { name: 'Close the selected line' })).toBeFocused();
    await page.keyboard.press('Tab');
    const include = panel.getByRole('checkbox', { name: 'Include' });
    await expect(include).toBeFocused();
    await page.keyboard.press('Space');
    await expect(include).not.toBeChecked();
    await expect(lines.getByRole('option', { selected: true })).toContainText(
      '19 flows · not in the policy',
    );
    await page.keyboard.press('Tab');
    await expect(panel.getByRole('button', { name: 'Show in Egress' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: /Egress/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const row = page.getByRole('row').filter({ hasText: 'reviews-v3' });
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(row.getByRole('checkbox', { name: 'Include' })).not.toBeChecked();
  });

  test('hovering the workload shows its owner, labels, ports, Services and flows', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    const card = await hoverSelected(page, region, DARK, 'Deployment productpage-v1');
    await expect(card).toContainText('Namespace bookinfo');
    await expect(card).toContainText('Listening ports 9080/TCP');
    await expect(card).toContainText('Services bookinfo/productpage');
    await expect(card).toContainText('app=productpage');
    await expect(card).toContainText('Flows out 230 · in 55');
    await expect(card).toContainText('First seen 2021-11-10');
  });

  test('searches to highlight and focus, switches to the namespace view', async ({ page }) => {
    const region = await openProductpageTopology(page);
    await excludeEgress(page, 'details-v1');
    const canvas = region.getByTestId('topology-canvas');
    await expect
      .poll(async () => (await census(page, canvas, DARK)).ink, { timeout: 15_000 })
      .toBeGreaterThan(300);
    const before = await census(page, canvas, DARK);
    // Typing highlights: every entity but the match fades, so the ink and the red go.
    await region.getByRole('searchbox', { name: 'Search nodes' }).fill('coredns');
    await expect(region.getByText('1 match')).toBeVisible();
    await expect
      .poll(async () => (await census(page, canvas, DARK)).red, { timeout: 15_000 })
      .toBeLessThan(5);
    expect((await census(page, canvas, DARK)).ink).toBeLessThan(before.ink / 2);
    await region.getByRole('button', { name: 'Focus' }).click();
    await region.getByRole('searchbox', { name: 'Search nodes' }).fill('');
    await region.getByRole('button', { name: 'Fit' }).click();
    await expect
      .poll(async () => (await census(page, canvas, DARK)).red, { timeout: 15_000 })
      .toBeGreaterThan(40);

    await region.getByLabel('Namespace bookinfo').check();
    // Every bookinfo workload and its peers: 6 workloads, coredns, and the Services in front of
    // the servers (productpage, details, reviews, ratings, kube-dns).
    await expect(region.getByRole('status').last()).toContainText('12 entities');
  });
});

test('the 500-entity, 2,000-line namespace view draws and pans (benchmark fixture)', async ({
  page,
}) => {
  await page.goto('./bench/topology/?nodes=500&edges=2000');
  const section = page.getByRole('region', { name: 'Topology' });
  await expect(section).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(section).toHaveAttribute('data-nodes', '500');
  await expect(section).toHaveAttribute('data-edges', '2000');
  const canvas = section.getByTestId('topology-canvas');
  const before = await census(page, canvas, LIGHT);
  expect(before.background / before.total).toBeGreaterThan(0.3);
  expect(before.ink).toBeGreaterThan(2_000);
  expect(before.red).toBeGreaterThan(200);
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 250, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect
    .poll(async () => (await census(page, canvas, LIGHT)).redAt!.x - before.redAt!.x, {
      timeout: 10_000,
    })
    .toBeGreaterThan(100);
});
