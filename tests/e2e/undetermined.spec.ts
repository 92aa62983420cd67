/**
 * Events whose initiator is unknown (DESIGN.md §5 "Direction unknown"), end to end on the demo
 * capture: its ACK-only proxied events (no SYN, no is_reply) between productpage-v1 and
 * details-v1/reviews are listed apart on the Ingress and Egress tabs, each pair read both ways,
 * none in the policy; including one reading changes the YAML, and a reload keeps the decision.
 * The namespace's review lists them too, grouped by workload.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseWorkload, DUMP, TCP, UDP } from './helpers';

async function importDemo(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([DUMP, TCP, UDP]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Namespace' }).selectOption('bookinfo');
}

/** Opens the tab's "Initiator unknown" section (unless it is open) and returns its table. */
async function unknownTable(page: Page, tab: 'Ingress' | 'Egress') {
  await page.getByRole('tab', { name: new RegExp(tab) }).click();
  const summary = page.getByText(/^Initiator unknown: /);
  await expect(summary).toBeVisible();
  const table = page.getByRole('table', { name: `Initiator unknown (${tab.toLowerCase()})` });
  if (!(await table.isVisible())) await summary.click();
  return table;
}

const yamlOf = (page: Page) => page.getByRole('region', { name: 'Generated policy YAML' });

test('undetermined pairs: listed both ways, out of the policy until one is included', async ({
  page,
}) => {
  await importDemo(page);
  await page.getByRole('combobox', { name: 'Entity type' }).selectOption('Deployment');
  await chooseWorkload(page, 'productpage-v1');

  // Egress: read as productpage-v1 opening the connections, on the servers' port 9080.
  await page.getByRole('tab', { name: /Egress/ }).click();
  await expect(page.getByText(/^Initiator unknown: /)).toHaveText(
    'Initiator unknown: 3 rows (41 events), not in the policy unless included',
  );
  const egress = await unknownTable(page, 'Egress');
  const details = egress.getByRole('row', { name: /details-v1/ });
  await expect(details).toContainText('9080');
  await expect(details).toContainText('27');
  await expect(egress.getByRole('row', { name: /reviews-v/ })).toHaveCount(2);
  await expect(details.getByRole('checkbox', { name: 'Include' })).not.toBeChecked();
  // The counted row to details-v1 is still one row of the main table, included.
  const counted = page.getByRole('table', { name: 'Egress communications' });
  await expect(counted.getByRole('row', { name: /details-v1/ })).toContainText('55');

  // Ingress: the other reading, details-v1 opening them on the client ports seen.
  const ingress = await unknownTable(page, 'Ingress');
  const reverse = ingress.getByRole('row', { name: /details-v1/ });
  await expect(reverse).toContainText('56874–57094');
  await expect(reverse.getByRole('checkbox', { name: 'Include' })).not.toBeChecked();

  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yamlOf(page)).toContainText('app: details');
  const before = await yamlOf(page).textContent();
  expect(before).not.toContain('endPort');

  // Include the reverse reading: the YAML gains ingress from details-v1 on the port range.
  await unknownTable(page, 'Ingress');
  await reverse.getByRole('checkbox', { name: 'Include' }).check();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yamlOf(page)).toContainText('endPort: 57094');
  await expect(yamlOf(page)).toContainText('port: 56874');
  expect(await yamlOf(page).textContent()).not.toBe(before);

  // The decision is kept across a reload.
  await page.reload();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yamlOf(page)).toContainText('endPort: 57094', { timeout: 15_000 });
  const again = await unknownTable(page, 'Ingress');
  await expect(
    again.getByRole('row', { name: /details-v1/ }).getByRole('checkbox', { name: 'Include' }),
  ).toBeChecked();
});

test("a namespace's review lists the undetermined rows of every workload, includable", async ({
  page,
}) => {
  await importDemo(page);
  const egress = await unknownTable(page, 'Egress');
  // Both readings of productpage-v1 ↔ details-v1: productpage-v1 on 9080, details-v1 on the range.
  await expect(
    egress.getByRole('row').filter({ hasText: 'productpage-v1 (Deployment)' }),
  ).toHaveCount(3);
  const fromDetails = egress
    .getByRole('row')
    .filter({ hasText: 'details-v1 (Deployment)' })
    .filter({ hasText: '56874–57094' });
  await expect(fromDetails).toHaveCount(1);
  const include = fromDetails.getByRole('checkbox', { name: 'Include' });
  await expect(include).not.toBeChecked();
  await include.check();
  await expect(include).toBeChecked();
  // Stored in details-v1's own decisions: its review shows the reading included.
  await page.getByRole('combobox', { name: 'Entity type' }).selectOption('Deployment');
  await chooseWorkload(page, 'details-v1');
  const own = await unknownTable(page, 'Egress');
  await expect(
    own.getByRole('row', { name: /productpage-v1/ }).getByRole('checkbox', { name: 'Include' }),
  ).toBeChecked();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yamlOf(page)).toContainText('endPort: 57094');
});
