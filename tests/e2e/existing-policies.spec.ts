/**
 * Existing NetworkPolicies beside the proposal (DESIGN.md §1.3, §7), end to end: the demo data
 * plus one policy written for this test (bookinfo: productpage accepts ingress only from the
 * Istio ingress gateway on 9080). productpage-v1 lists it; the counts compare today and the
 * proposal; the captured ratings-v1 row, denied today, is newly allowed by the proposal until it
 * is excluded; excluding a row that is allowed today lists it under "Would break"; a workload no
 * policy selects shows the empty state.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { choose, DUMP, TCP, UDP } from './helpers';

const POLICY = join(
  import.meta.dirname,
  '../fixtures/existing-policies/productpage-from-gateway.yaml',
);

const includeOf = (page: Page, row: RegExp) =>
  page.getByRole('row', { name: row }).getByRole('checkbox', { name: 'Include' });

test('existing policies: listed for productpage-v1, counts, would break, newly allowed', async ({
  page,
}) => {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([DUMP, TCP, UDP, POLICY]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await choose(page, 'Namespace', 'bookinfo');
  await choose(page, 'Entity type', 'Deployment');
  await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');
  await page.getByRole('tab', { name: /Generated Policy/ }).click();

  const section = page.getByRole('region', { name: 'Existing policies' });
  const list = section.getByRole('list', { name: 'Policies that select the workload' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('productpage-from-gateway');
  await expect(list).toContainText('Ingress · 1 ingress rule');
  await expect(section).toContainText('Not isolated for egress today');
  // The YAML opens from the keyboard.
  await list.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(section.getByLabel('YAML of productpage-from-gateway')).toContainText(
    'app: istio-ingressgateway',
  );

  // 6 rows: ratings-v1 → 9080 (55 flows) denied today (not the gateway), and 5 egress rows
  // (230 flows) open today. The default proposal includes ratings-v1: newly allowed.
  const counts = section.getByRole('table', { name: 'Verdicts today and with the proposal' });
  await expect(counts.getByRole('row', { name: /^Today/ })).toContainText('5 (230 flows)');
  await expect(counts.getByRole('row', { name: /^Today/ })).toContainText('1 (55 flows)');
  await expect(counts.getByRole('row', { name: /^Proposal \(generated/ })).toContainText(
    '6 (285 flows)',
  );
  await expect(section).toContainText(
    'Would break: 0 · Newly allowed: 1 (55 flows) · Unchanged: 5',
  );
  await section.getByText(/^Newly allowed \(1\)/).click();
  const added = section.getByRole('table', { name: 'Newly allowed' });
  await expect(added.getByRole('row', { name: /ratings-v1/ })).toContainText(
    "NetworkPolicy 'bookinfo/productpage-from-gateway' selects bookinfo/productpage-v1[Deployment], " +
      'but bookinfo/ratings-v1[Deployment] is not allowed by any Ingress rule',
  );

  // Exclude details-v1 (egress 9080/TCP, 55 flows): allowed today, denied by the proposal.
  await page.getByRole('tab', { name: /Egress/ }).click();
  await includeOf(page, /details-v1/).uncheck();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(section).toContainText(
    'Would break: 1 (55 flows) · Newly allowed: 1 (55 flows) · Unchanged: 4',
  );
  const broken = section.getByRole('table', { name: 'Would break' });
  await expect(broken.getByRole('row')).toHaveCount(2);
  const row = broken.getByRole('row', { name: /details-v1/ });
  await expect(row).toContainText('egress of productpage-v1: no policy isolates it');
  await expect(row).toContainText(
    "denied — egress of productpage-v1: NetworkPolicy 'bookinfo/productpage-v1-deployment' " +
      'selects bookinfo/productpage-v1[Deployment], but bookinfo/details-v1[Deployment] is not ' +
      'allowed by any Egress rule',
  );

  // Exclude ratings-v1: the proposal denies it as today does.
  await page.getByRole('tab', { name: /Ingress/ }).click();
  await includeOf(page, /ratings-v1/).uncheck();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(section).toContainText(
    'Would break: 1 (55 flows) · Newly allowed: 0 · Unchanged: 5',
  );

  // details-v1: no policy selects it.
  await choose(page, 'Workload', 'details-v1 — 1 in, 0 out');
  await expect(section).toContainText(
    'No NetworkPolicy in the imported metadata selects this workload: today it is not isolated.',
  );
});
