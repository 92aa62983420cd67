/**
 * axe-core finds no violation (WCAG 2.x A/AA and best practices) in any state a user meets:
 * the empty page, after an import, every review tab of a workload and of a whole namespace,
 * the dialogs open (Settings, Alias), the Workload combobox open — in the light and in the
 * dark theme.
 */
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import {
  DUMP,
  GKE,
  TCP,
  UDP,
  openGkePrometheus,
  importDemo,
  choose,
  chooseProductpage,
} from './helpers';

const TABS = ['Ingress', 'Egress', 'Unresolved IPs', 'Topology', 'Generated Policy'];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });

    test(`axe: no violation in any state (${scheme})`, async ({ page }) => {
      test.setTimeout(120_000);
      const found: Record<string, string[]> = {};
      const scan = async (state: string) => {
        found[state] = await axeViolations(page);
      };

      await page.goto('./');
      await expect(page.getByText('Nothing to review yet.')).toBeVisible();
      await scan('empty page');

      await page.getByLabel('Import files').setInputFiles([DUMP, TCP, UDP]);
      await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
      await expect(page.getByRole('combobox', { name: 'Namespace' })).toBeVisible();
      await scan('imported, nothing chosen');

      await choose(page, 'Namespace', 'bookinfo');
      await expect(page.getByRole('tab', { name: /Ingress/ })).toBeVisible();
      for (const tab of TABS) {
        await page.getByRole('tab', { name: new RegExp(tab) }).click();
        await page.waitForTimeout(300);
        await scan(`namespace bookinfo, ${tab}`);
      }

      await choose(page, 'Entity type', 'Deployment');
      // The Workload combobox with its list open, one option active.
      const workload = page.getByRole('combobox', { name: 'Workload' });
      await workload.fill('product');
      await expect(page.getByRole('listbox')).toBeVisible();
      await scan('Workload combobox open');
      await workload.press('Escape');
      await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');
      for (const tab of TABS) {
        await page.getByRole('tab', { name: new RegExp(tab) }).click();
        await page.waitForTimeout(300);
        await scan(`workload productpage-v1, ${tab}`);
      }

      // An unresolved IP (the GKE capture's prometheus scrapes one) and its Alias dialog.
      await openGkePrometheus(page);
      await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
      await expect(page.getByRole('row', { name: /10\.128\.0\.4/ })).toBeVisible();
      await scan('an unresolved IP, Unresolved IPs');
      await page
        .getByRole('row', { name: /10\.128\.0\.4/ })
        .getByRole('button', { name: 'Alias' })
        .click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan('Alias dialog');
      await page.keyboard.press('Escape');

      await page.getByLabel('Import files').setInputFiles([GKE]);
      await expect(page.getByRole('dialog', { name: 'Already imported' })).toBeVisible();
      await scan('Already imported dialog');
      await page.getByRole('dialog').getByRole('button', { name: 'Skip' }).click();

      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
      await scan('Settings dialog');
      await page.keyboard.press('Escape');

      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    });
  });
}

test('skip link, tab counts announced, dialogs open on their first field', async ({ page }) => {
  await importDemo(page);
  await chooseProductpage(page);

  // The counts are part of the tabs' names: 1 ingress, 5 egress communications.
  await expect(page.getByRole('tab', { name: 'Ingress 1 communication' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Egress 5 communications' })).toBeVisible();

  // From the top of the page, the first Tab reaches the skip link; Enter lands on the tabs.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Ingress 1 communication' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the review' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: /Ingress/ })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Unresolved IPs/ })).toBeFocused();

  // The Alias dialog opens on its first field, not on ×.
  await openGkePrometheus(page);
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  await page
    .getByRole('row', { name: /10\.128\.0\.4/ })
    .getByRole('button', { name: 'Alias' })
    .click();
  await expect(page.getByRole('dialog').getByLabel('Alias name')).toBeFocused();
});
