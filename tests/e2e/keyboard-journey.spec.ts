/**
 * The four steps with the keyboard alone: Tab from the top of the page to each control (the
 * test fails if a control cannot be reached), keys to work it — import the demo files through
 * the file picker, scope to productpage-v1 by typing in the Workload combobox, exclude a row
 * and set a general rule in the review, then download the policy.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DUMP, TCP, UDP } from './helpers';

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, back = false, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `reached with ${back ? 'Shift+' : ''}Tab`).toBeFocused();
}

test('import, scope, review and download with the keyboard alone', async ({ page }) => {
  await page.goto('./');

  // 1. Import: the file picker opens from the keyboard (Space on "Import files").
  const picker = page.getByLabel('Import files');
  await tabTo(page, picker);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.keyboard.press('Space'),
  ]);
  await chooser.setFiles([DUMP, TCP, UDP]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[data-import] .status')).toHaveText(['done', 'done', 'done']);

  // 2. Scope: Namespace by type-ahead on the select, the Workload by typing and Enter.
  const namespace = page.getByRole('combobox', { name: 'Namespace' });
  await tabTo(page, namespace);
  await page.keyboard.type('bookinfo');
  await expect(namespace).toHaveValue('bookinfo');
  const workload = page.getByRole('combobox', { name: 'Workload' });
  await tabTo(page, workload);
  await page.keyboard.type('productpage');
  await expect(page.getByRole('option', { name: /^productpage-v1 — / })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.keyboard.press('Enter');
  await expect(workload).toHaveValue('productpage-v1 — 1 in, 5 out');

  // 3. Review: the skip link reaches the tabs from the top; arrows move between them.
  await page.keyboard.press('Control+Home');
  await tabTo(page, page.getByRole('link', { name: 'Skip to the review' }), true);
  await page.keyboard.press('Enter');
  const ingress = page.getByRole('tab', { name: /Ingress/ });
  await expect(ingress).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const egress = page.getByRole('tab', { name: /Egress/ });
  await expect(egress).toHaveAttribute('aria-selected', 'true');
  const details = page
    .getByRole('row', { name: /details-v1/ })
    .getByRole('checkbox', { name: 'Include' });
  await tabTo(page, details);
  await page.keyboard.press('Space');
  await expect(details).not.toBeChecked();
  // The general rules stand above the table: back with Shift+Tab to the checked radio.
  const rules = page.getByRole('radiogroup', { name: 'General egress rules' });
  await tabTo(page, rules.getByRole('radio', { checked: true }), true);
  await page.keyboard.press('ArrowDown');
  const allowAll = rules.getByRole('radio', { name: 'Allow all inside namespace' });
  await expect(allowAll).toBeChecked();

  // 4. Download: to the Generated Policy tab with the arrows, then Download Policy with Enter.
  await tabTo(page, egress, true);
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: /Generated Policy/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  await expect(yaml).toContainText('name: productpage-v1-deployment');
  await expect(yaml).not.toContainText('app: details');
  const download = page.getByRole('button', { name: 'Download Policy' });
  await tabTo(page, download);
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toMatch(/productpage-v1.*\.yaml$/);
});
