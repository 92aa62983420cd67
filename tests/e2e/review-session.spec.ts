/**
 * The review beyond one page load: the timespan (From/To answered from the stored aggregates'
 * time buckets) and a session file carried to another browser profile (a new context: an
 * empty IndexedDB, as on another machine) with its decisions.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseWorkload, DUMP, TCP, UDP } from './helpers';

test.use({ timezoneId: 'UTC' });

async function importDemo(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([DUMP, TCP, UDP]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
}

async function chooseProductpage(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Namespace' }).selectOption('bookinfo');
  await chooseWorkload(page, 'productpage-v1');
  await expect(page.getByRole('combobox', { name: 'Workload' })).toHaveValue(
    'productpage-v1 — 1 in, 5 out',
  );
}

const peerRows = (page: Page, name: RegExp) => page.getByRole('row', { name });

test('From/To narrow the rows to the activity inside the window', async ({ page }) => {
  await importDemo(page);
  await chooseProductpage(page);
  await page.getByRole('tab', { name: /Egress/ }).click();
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(5);
  // The capture runs 10:40:56–10:41:02; reviews-v1 (last 10:40:58) and reviews-v3 (10:40:59)
  // are quiet after 10:41:00.
  await page.getByLabel('From', { exact: true }).fill('2021-11-10T10:41:00');
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(3);
  await expect(peerRows(page, /reviews-v1/)).toHaveCount(0);
  await expect(peerRows(page, /reviews-v3/)).toHaveCount(0);
  await expect(peerRows(page, /details-v1/)).toHaveCount(1);
  await page.getByLabel('To', { exact: true }).fill('2021-11-10T10:41:30');
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(3);
  // A window after the capture: To moves first (a From after the To set is refused).
  await page.getByLabel('To', { exact: true }).fill('2021-11-10T10:50:00');
  await page.getByLabel('From', { exact: true }).fill('2021-11-10T10:45:00');
  await expect(page.getByText(/No egress traffic for this workload/)).toBeVisible();
  await page.getByRole('button', { name: 'Whole capture' }).click();
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(5);

  // Dragging from the 10:41:00 bar (the bars are seconds, 10:40:56–10:41:02) to the end.
  const plot = page.getByRole('slider', { name: 'Start of the timespan' }).locator('..');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.72, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(/^2021-11-10T10:41(:00)?$/);
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(3);
  // The handles are sliders: Home moves the start back to the beginning.
  await page.getByRole('slider', { name: 'Start of the timespan' }).press('Home');
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(5);
});

test('the tabs follow the arrow keys', async ({ page }) => {
  await importDemo(page);
  await chooseProductpage(page);
  const ingress = page.getByRole('tab', { name: /Ingress/ });
  await ingress.click();
  await ingress.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Egress/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: /Egress/ })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: /Generated Policy/ })).toBeFocused();
  await expect(page.getByRole('region', { name: 'Generated policy YAML' })).toContainText(
    'name: productpage-v1-deployment',
  );
  await page.keyboard.press('ArrowRight');
  await expect(ingress).toHaveAttribute('aria-selected', 'true');
});

test('a session exported here opens elsewhere with its decisions', async ({ page, browser }) => {
  await importDemo(page);
  await chooseProductpage(page);
  await page.getByRole('tab', { name: /Egress/ }).click();
  await peerRows(page, /details-v1/)
    .getByRole('checkbox', { name: 'Include' })
    .uncheck();
  await page.getByRole('tab', { name: /Ingress/ }).click();
  await page
    .getByRole('radiogroup', { name: 'General ingress rules' })
    .getByRole('radio', { name: 'Allow all', exact: true })
    .check();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  const region = page.getByRole('region', { name: 'Generated policy YAML' });
  await expect(region).not.toContainText('app: details');
  await expect(region).toContainText('- {}');
  const yaml = await region.textContent();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export session' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^netpolish-session-\d{4}-\d{2}-\d{2}\.jsonl\.gz$/);
  const file = (await download.path())!;

  const elsewhere = await browser.newContext({ timezoneId: 'UTC' });
  const other = await elsewhere.newPage();
  await other.goto('./');
  await expect(other.getByRole('combobox', { name: 'Workload' })).toHaveCount(0);
  await other.getByLabel('Import session').setInputFiles(file);
  const preview = other.getByRole('dialog', { name: 'What this session file changes' });
  await expect(preview).toContainText('3 new imports');
  await preview.getByRole('button', { name: 'Import' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Session imported' })).toContainText(
    '3 imports',
  );
  await expect(other.getByRole('combobox', { name: 'Workload' })).toHaveValue(/productpage-v1/);
  await other.getByRole('tab', { name: /Egress/ }).click();
  await expect(
    peerRows(other, /details-v1/).getByRole('checkbox', { name: 'Include' }),
  ).not.toBeChecked();
  await other.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(other.getByRole('region', { name: 'Generated policy YAML' })).toHaveText(yaml!);
  await elsewhere.close();
});
