/**
 * Admin policies in the dump, end to end: the demo capture reviewed for productpage-v1, then a
 * BaselineAdminNetworkPolicy imported (bookinfo's details-v1 closed to every namespace unless a
 * NetworkPolicy selecting it says otherwise). The included egress row to details-v1 turns from
 * allowed to denied, and the row, the Generated Policy tab and the topology's line panel say
 * why: the baseline's rule on details-v1's ingress, the proposal's rule on productpage's egress;
 * a row left out of the proposal (ratings-v1's ingress) is a red line whose panel says why.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { choose, DUMP, TCP, UDP } from './helpers';

const BANP = join(import.meta.dirname, '../fixtures/admin-policies/bookinfo-baseline.yaml');
const BASELINE_RULE =
  "BaselineAdminNetworkPolicy 'default' denies connections by Ingress rule details-closed-by-default";

async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(files);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
}

test('a BaselineAdminNetworkPolicy turns a proposal row to denied, and every view says why', async ({
  page,
}) => {
  await page.goto('./');
  await importFiles(page, [DUMP, TCP, UDP]);
  await choose(page, 'Namespace', 'bookinfo');
  await choose(page, 'Entity type', 'Deployment');
  await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');

  await page.getByRole('tab', { name: /Egress/ }).click();
  const details = page.getByRole('row', { name: /details-v1/ });
  await expect(details.getByRole('checkbox', { name: 'Include' })).toBeChecked();
  await expect(details.getByRole('cell').last()).toHaveText('allowed');

  await importFiles(page, [BANP]);
  const why = details.getByRole('button', { name: 'Denied — why?' });
  await expect(why).toBeVisible({ timeout: 15_000 });
  await why.click();
  const dialog = page.getByRole('dialog', { name: 'Why this connection is denied' });
  const reasons = dialog.getByRole('list', { name: 'Why denied' });
  await expect(reasons).toContainText(`Ingress (denied): ${BASELINE_RULE}`);
  await expect(reasons).toContainText(
    "Egress (allowed): NetworkPolicy 'bookinfo/productpage-v1-deployment' allows connections by Egress rule",
  );
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Another row of the same table stays allowed.
  await expect(
    page
      .getByRole('row', { name: /reviews-v1/ })
      .getByRole('cell')
      .last(),
  ).toHaveText('allowed');

  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await page.getByText(/^Denied rows and why \(\d+\)/).click();
  const denied = page.getByRole('list', { name: 'Denied rows' });
  const row = denied.getByRole('listitem').filter({
    hasText: 'bookinfo/productpage-v1[Deployment] → bookinfo/details-v1[Deployment] 9080/TCP',
  });
  await expect(row).toContainText(BASELINE_RULE);

  // The topology: the red line of a row left out of the policy says why it is denied.
  await page.getByRole('tab', { name: /Ingress/ }).click();
  await page
    .getByRole('row', { name: /ratings-v1/ })
    .getByRole('checkbox', { name: 'Include' })
    .uncheck();
  await page.getByRole('tab', { name: 'Topology' }).click();
  const region = page.getByRole('region', { name: 'Topology' });
  const lines = region.getByRole('listbox', { name: /^Lines/ });
  await lines.getByRole('option', { name: /ratings-v1/ }).click();
  const panel = region.getByRole('region', { name: 'Selected line' });
  await expect(panel).toContainText('Denied by the policies');
  await expect(panel).toContainText(
    "NetworkPolicy 'bookinfo/productpage-v1-deployment' selects bookinfo/productpage-v1[Deployment], but bookinfo/ratings-v1[Deployment] is not allowed by any Ingress rule",
  );
});

test("a table's denied rows each open why they are denied, and closing returns to the row", async ({
  page,
}) => {
  await page.goto('./');
  await importFiles(page, [DUMP, TCP, UDP, BANP]);
  await choose(page, 'Namespace', 'bookinfo');
  await choose(page, 'Entity type', 'Deployment');
  await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');
  await page.getByRole('tab', { name: /Egress/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Why this connection is denied' });
  const why = (peer: RegExp) =>
    page.getByRole('row', { name: peer }).getByRole('button', { name: 'Denied — why?' });

  await why(/details-v1/).click();
  await expect(dialog).toContainText(/To\s+details-v1 on 9080\/TCP/);
  await expect(dialog.getByRole('list', { name: 'Why denied' })).toContainText(BASELINE_RULE);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(why(/details-v1/)).toBeFocused();

  // Another row left out of the proposal is denied too: its own reasons, not the first row's.
  await page
    .getByRole('row', { name: /reviews-v1/ })
    .getByRole('checkbox', { name: 'Include' })
    .uncheck();
  await why(/reviews-v1/).click();
  await expect(dialog).toContainText(/To\s+reviews-v1 on 9080\/TCP/);
  await expect(dialog).not.toContainText('details-v1');
  await page.keyboard.press('Escape');
  await expect(why(/reviews-v1/)).toBeFocused();
});
