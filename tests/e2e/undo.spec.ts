/**
 * Undo (DESIGN.md §6): every kind of change — one decision, a bulk action, a general rule, an
 * alias saved (which includes its IP), an alias removed — is reversed by the toast's Undo button or Ctrl+Z, and
 * Ctrl+Shift+Z does it again; what is undone is undone in storage (a reload shows it).
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseProductpage, importDemo, openGkePrometheus } from './helpers';

const includeOf = (page: Page, row: RegExp) =>
  page.getByRole('row', { name: row }).getByRole('checkbox', { name: 'Include' });
const toast = (page: Page, text: string | RegExp) =>
  page.getByRole('status').filter({ hasText: text });

test('a decision, a bulk action and a general rule are undone and redone', async ({ page }) => {
  await importDemo(page);
  await chooseProductpage(page);
  await page.getByRole('tab', { name: /Egress/ }).click();

  // One decision, undone with the toast's button; the undo is stored.
  await includeOf(page, /details-v1/).uncheck();
  await expect(toast(page, 'Excluded details-v1 9080/TCP')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(includeOf(page, /details-v1/)).toBeChecked();
  await expect(toast(page, 'Undone: Excluded details-v1 9080/TCP')).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: /Egress/ }).click();
  await expect(includeOf(page, /details-v1/)).toBeChecked();

  // The keyboard: Ctrl+Z undoes, Ctrl+Shift+Z redoes (focus on the checkbox just used).
  await includeOf(page, /reviews-v1/).uncheck();
  await expect(includeOf(page, /reviews-v1/)).not.toBeChecked();
  await page.keyboard.press('Control+z');
  await expect(includeOf(page, /reviews-v1/)).toBeChecked();
  await page.keyboard.press('Control+Shift+z');
  await expect(includeOf(page, /reviews-v1/)).not.toBeChecked();
  await expect(toast(page, 'Redone: Excluded reviews-v1 9080/TCP')).toBeVisible();

  // A bulk action: every shown row out, then all back as they were (reviews-v1 stays out).
  const boxes = page.getByRole('checkbox', { name: 'Include' });
  await expect(boxes).toHaveCount(5);
  await page.getByRole('button', { name: 'Exclude shown rows' }).click();
  await expect(toast(page, 'Excluded 5 rows')).toBeVisible();
  for (const box of await boxes.all()) await expect(box).not.toBeChecked();
  await page.keyboard.press('Control+z');
  await expect(includeOf(page, /details-v1/)).toBeChecked();
  await expect(includeOf(page, /reviews-v2/)).toBeChecked();
  await expect(includeOf(page, /reviews-v1/)).not.toBeChecked();

  // A general rule.
  const rules = page.getByRole('radiogroup', { name: 'General egress rules' });
  await rules.getByRole('radio', { name: 'Allow all', exact: true }).check();
  await expect(toast(page, 'General egress rule: Allow all')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(rules.getByRole('radio', { name: 'Block all' })).toBeChecked();

  // Typing in a text field keeps the browser's own undo: Ctrl+Z there changes no decision.
  const search = page.getByRole('searchbox').first();
  await search.fill('details');
  await search.press('Control+z');
  await expect(rules.getByRole('radio', { name: 'Block all' })).toBeChecked();
  await expect(includeOf(page, /details-v1/)).toBeChecked();
});

test('an alias saved and an alias removed are undone', async ({ page }) => {
  await page.goto('./');
  await openGkePrometheus(page);
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  const ipRow = page.getByRole('row', { name: /10\.128\.0\.4/ });

  await ipRow.getByRole('button', { name: 'Alias' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Alias name').fill('legacy-gateway');
  await dialog.getByLabel('CIDR').fill('10.128.0.0/24');
  await dialog.getByRole('button', { name: 'Save' }).click();
  // Saving an alias includes the IP too; one Undo reverses both, one redo brings both back.
  const include = ipRow.getByRole('checkbox', { name: 'Include' });
  await expect(ipRow).toContainText('legacy-gateway');
  await expect(include).toBeChecked();
  await expect(toast(page, 'Aliased 10.128.0.0/24 as legacy-gateway; included')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(ipRow).not.toContainText('legacy-gateway');
  await expect(include).not.toBeChecked();
  await page.keyboard.press('Control+Shift+z');
  await expect(ipRow).toContainText('legacy-gateway');
  await expect(include).toBeChecked();

  // Removed from the tab's alias list, then brought back.
  await page.getByText('1 alias in this cluster').click();
  await page.getByRole('button', { name: 'Remove alias legacy-gateway' }).click();
  await expect(ipRow).not.toContainText('legacy-gateway');
  await expect(toast(page, 'Removed the alias legacy-gateway (10.128.0.0/24)')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(ipRow).toContainText('legacy-gateway');
  await page.reload();
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  await expect(page.getByRole('row', { name: /10\.128\.0\.4/ })).toContainText('legacy-gateway');
});
