/**
 * Any screen width from a phone up: at 390, 1024 and 1280 px the page never scrolls sideways
 * (the tables scroll in their own box), the scope stacks, and the Unresolved IPs tab's Alias
 * action is in view for its row without scrolling the table.
 */
import { expect, test, type Page } from '@playwright/test';
import { DUMP, TCP, UDP, openGkePrometheus, choose } from './helpers';

/** The page's own horizontal overflow, in CSS pixels (0 when it fits the viewport). */
const pageOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const TABS = ['Ingress', 'Egress', 'Unresolved IPs', 'Topology', 'Generated Policy'];

/** Opens each tab in turn; the page may not overflow on any. */
async function fitsOnEveryTab(page: Page, state: string): Promise<void> {
  for (const tab of TABS) {
    const button = page.getByRole('tab', { name: new RegExp(tab) });
    await button.click();
    await expect(button).toHaveAttribute('aria-selected', 'true');
    expect(await pageOverflow(page), `${state}, ${tab}`).toBe(0);
  }
}

for (const width of [390, 1024, 1280]) {
  test(`at ${width} px: no sideways page scroll on any tab, Alias in view`, async ({ page }) => {
    await page.setViewportSize({ width, height: 850 });
    await page.goto('./');
    expect(await pageOverflow(page)).toBe(0);
    await page.getByLabel('Import files').setInputFiles([DUMP, TCP, UDP]);
    await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
    await choose(page, 'Namespace', 'bookinfo');
    await fitsOnEveryTab(page, 'namespace');
    await choose(page, 'Entity type', 'Deployment');
    await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');
    await fitsOnEveryTab(page, 'workload');
    // The table's cells stand in their columns, under their headers, one row per line.
    await page.getByRole('tab', { name: /Egress/ }).click();
    const egress = page.getByRole('table', { name: 'Egress communications' });
    const header = await egress.getByRole('columnheader', { name: 'Flows' }).boundingBox();
    const first = egress.getByRole('row').nth(1);
    const flows = await first.locator('[role=cell].flows').boundingBox();
    expect(Math.abs(header!.x - flows!.x)).toBeLessThan(2);
    expect((await first.boundingBox())!.height).toBe(34);

    // Unresolved IPs: the row's Alias button lies inside the table's visible box and the
    // viewport, and opens its dialog.
    await openGkePrometheus(page);
    await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
    expect(await pageOverflow(page), 'an unresolved IP, Unresolved IPs').toBe(0);
    const alias = page
      .getByRole('row', { name: /10\.128\.0\.4/ })
      .getByRole('button', { name: 'Alias' });
    const table = page.getByRole('table', { name: 'Unresolved IPs' });
    const [a, t] = [await alias.boundingBox(), await table.boundingBox()];
    expect(a && t).toBeTruthy();
    expect(a!.x).toBeGreaterThanOrEqual(t!.x);
    expect(a!.x + a!.width).toBeLessThanOrEqual(Math.min(t!.x + t!.width, width));
    await alias.click();
    await expect(page.getByRole('dialog').getByLabel('Alias name')).toBeFocused();
    expect(await pageOverflow(page), 'Alias dialog').toBe(0);
  });
}

/**
 * Cells whose text can be longer than their column cut it with an ellipsis; the others (Include,
 * protocol, times, Alias, verdict) are not clipped, so their content must always fit.
 */
test('every review cell fits its column or cuts its text with an ellipsis', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 850 });
  await page.goto('./');
  await openGkePrometheus(page);
  const cells = async (label: string) => {
    const table = page.getByRole('table', { name: label });
    await expect(table.getByRole('cell').first()).toBeVisible();
    return table.getByRole('cell').evaluateAll((els) =>
      els.map((el) => {
        const style = getComputedStyle(el);
        return {
          cell: `${el.className.split(' ')[0]}: ${el.textContent}`,
          clipped: style.overflowX === 'hidden' && style.textOverflow === 'ellipsis',
          over: el.scrollWidth > el.clientWidth,
        };
      }),
    );
  };
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  const ips = await cells('Unresolved IPs');
  await page.getByRole('tab', { name: /Egress/ }).click();
  const egress = await cells('Egress communications');
  const all = [...ips, ...egress];
  expect(all.filter((c) => c.over && !c.clipped).map((c) => c.cell)).toEqual([]);
  // Some text is longer than its column here, and is cut.
  expect(all.filter((c) => c.over && c.clipped).length).toBeGreaterThan(0);
});
