/**
 * Settings and the review's bulk tools end to end, through accessible names only: cluster CIDRs
 * (a bad entry is refused with its message, a good one turns an Unknown IP Internal), labels to
 * ignore in selectors (gone from the generated podSelector), both after a reload; removing an
 * alias from the Unresolved IPs tab and from Settings; Include/Exclude shown rows after a search.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { load } from 'js-yaml';
import { chooseWorkload as pick, DUMP, GKE as GKE_HTTP, TCP, UDP } from './helpers';

async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles(files);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
}

/** Picks Namespace, Entity type Deployment, then the workload by its option label. */
async function chooseWorkload(page: Page, namespace: string, label: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Namespace' }).selectOption(namespace);
  await page.getByRole('combobox', { name: 'Entity type' }).selectOption('Deployment');
  await pick(page, label.split(' — ')[0]!);
  await expect(page.getByRole('combobox', { name: 'Workload' })).toHaveValue(label);
}

async function openProductpage(page: Page): Promise<void> {
  await importFiles(page, [DUMP, TCP, UDP]);
  await chooseWorkload(page, 'bookinfo', 'productpage-v1 — 1 in, 5 out');
}

/** The GKE capture's prometheus (no dump), which scrapes the Unknown IP 10.128.0.4:9990. */
async function openPrometheus(page: Page): Promise<void> {
  await importFiles(page, [GKE_HTTP]);
  await chooseWorkload(page, 'istio-system', 'prometheus — 0 in, 3 out');
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(name) });
const settingsDialog = (page: Page) => page.getByRole('dialog', { name: 'Settings' });
const includeOf = (rows: Locator | Page) => rows.getByRole('checkbox', { name: 'Include' });

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = settingsDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

async function closeSettings(page: Page): Promise<void> {
  await settingsDialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(settingsDialog(page)).toBeHidden();
}

interface PolicyDoc {
  spec: {
    podSelector: { matchLabels?: Record<string, string> };
    egress?: { to?: { podSelector?: { matchLabels?: Record<string, string> } }[] }[];
  };
}

/** The Generated Policy tab's YAML, parsed. */
async function policy(page: Page): Promise<PolicyDoc> {
  await tab(page, 'Generated Policy').click();
  const text = await page.getByRole('region', { name: 'Generated policy YAML' }).textContent();
  return load(text ?? '') as PolicyDoc;
}

/** The matchLabels of every egress peer, in order. */
const egressPeers = (doc: PolicyDoc) =>
  (doc.spec.egress ?? []).flatMap((r) => (r.to ?? []).map((p) => p.podSelector?.matchLabels));

test('cluster CIDRs: a bad entry is refused with its message, a good one turns an Unknown IP Internal, after a reload too', async ({
  page,
}) => {
  await openPrometheus(page);
  await tab(page, 'Unresolved IPs').click();
  const ipRow = page.getByRole('row', { name: /10\.128\.0\.4/ });
  await expect(ipRow).toContainText('unknown');
  // The Unknown filter hides it; the Internal one does not.
  await page.getByRole('checkbox', { name: 'Unknown' }).uncheck();
  await expect(ipRow).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Unknown' }).check();
  await page.getByRole('checkbox', { name: 'Internal' }).uncheck();
  await expect(ipRow).toHaveCount(1);
  await page.getByRole('checkbox', { name: 'Internal' }).check();

  // A /33 is no CIDR: the message names it and nothing is saved (the IP stays Unknown).
  let dialog = await openSettings(page);
  const cidrs = dialog.getByRole('textbox', { name: 'Cluster CIDRs of default' });
  await expect(cidrs).toHaveValue('');
  await cidrs.fill('10.156.0.0/14\n10.128.0.0/33');
  await dialog.getByRole('button', { name: 'Save cluster CIDRs' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Not a CIDR: 10.128.0.0/33');
  await closeSettings(page);
  await expect(ipRow).toContainText('unknown');

  // The cluster's node subnet, declared: 10.128.0.4 is inside, so Internal.
  dialog = await openSettings(page);
  await expect(cidrs).toHaveValue('');
  await cidrs.fill('10.156.0.0/14\n10.128.0.0/20');
  await dialog.getByRole('button', { name: 'Save cluster CIDRs' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Cluster CIDRs saved.');
  await closeSettings(page);
  await expect(ipRow).toContainText('internal');
  await page.getByRole('checkbox', { name: 'Internal' }).uncheck();
  await expect(ipRow).toHaveCount(0);

  await page.reload();
  await tab(page, 'Unresolved IPs').click();
  await expect(ipRow).toContainText('internal');
  await openSettings(page);
  await expect(cidrs).toHaveValue('10.156.0.0/14\n10.128.0.0/20');
});

test('labels to ignore: "version" leaves the generated selectors, after a reload too', async ({
  page,
}) => {
  await openProductpage(page);
  const before = await policy(page);
  expect(before.spec.podSelector.matchLabels).toEqual({ app: 'productpage', version: 'v1' });
  expect(egressPeers(before)).toContainEqual({ app: 'details', version: 'v1' });

  const dialog = await openSettings(page);
  const labels = dialog.getByRole('textbox', { name: 'Labels to ignore in selectors' });
  await labels.fill('version');
  await dialog.getByRole('button', { name: 'Save labels to ignore' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Labels to ignore saved.');
  await closeSettings(page);
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  await expect(yaml).not.toContainText('version: v1');
  const after = await policy(page);
  expect(after.spec.podSelector.matchLabels).toEqual({ app: 'productpage' });
  expect(egressPeers(after)).toContainEqual({ app: 'details' });
  expect(egressPeers(after)).not.toContainEqual({ app: 'details', version: 'v1' });

  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Workload' })).toHaveValue(/productpage-v1/);
  await tab(page, 'Generated Policy').click();
  await expect(yaml).toContainText('app: productpage');
  await expect(yaml).not.toContainText('version: v1');
  await openSettings(page);
  await expect(labels).toHaveValue('version');
});

test('an alias is removed from the Unresolved IPs tab and from Settings', async ({ page }) => {
  await openPrometheus(page);
  await tab(page, 'Unresolved IPs').click();
  const ipRow = page.getByRole('row', { name: /10\.128\.0\.4/ });
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  await includeOf(ipRow).check();

  const alias = async () => {
    await tab(page, 'Unresolved IPs').click();
    await ipRow.getByRole('button', { name: 'Alias' }).click();
    const dialog = page.getByRole('dialog', { name: /Alias/ });
    await dialog.getByLabel('Alias name').fill('legacy-gateway');
    await dialog.getByLabel('CIDR').fill('10.128.0.0/24');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(ipRow).toContainText('legacy-gateway');
    await expect(ipRow).toContainText('aliased');
    await tab(page, 'Generated Policy').click();
    await expect(yaml).toContainText('cidr: 10.128.0.0/24');
    await tab(page, 'Unresolved IPs').click();
  };
  const expectUnaliased = async () => {
    await tab(page, 'Unresolved IPs').click();
    await expect(ipRow).not.toContainText('legacy-gateway');
    await expect(ipRow).toContainText('unknown');
    await tab(page, 'Generated Policy').click();
    await expect(yaml).not.toContainText('10.128.0.0/24');
    await expect(yaml).toContainText('cidr: 10.128.0.4/32');
  };

  // In the tab: the aliases are listed under the table, each with its Remove button.
  await alias();
  await page.getByText('1 alias in this cluster').click();
  await page.getByRole('button', { name: 'Remove alias legacy-gateway' }).click();
  await expect(page.getByText('1 alias in this cluster')).toHaveCount(0);
  await expectUnaliased();

  // In Settings: the same list, the same button.
  await alias();
  const dialog = await openSettings(page);
  await expect(dialog).toContainText('10.128.0.0/24');
  await dialog.getByRole('button', { name: 'Remove alias legacy-gateway' }).click();
  await expect(dialog).toContainText('None yet');
  await expect(dialog.getByRole('button', { name: /^Remove alias/ })).toHaveCount(0);
  await closeSettings(page);
  await expectUnaliased();

  await page.reload();
  await expectUnaliased();
});

test('Include/Exclude shown rows change only the rows a search shows, and the YAML follows', async ({
  page,
}) => {
  await openProductpage(page);
  await tab(page, 'Egress').click();
  const rows = (name: RegExp) => page.getByRole('row', { name });
  const search = page.getByRole('searchbox', { name: 'Search egress' });
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  await expect(includeOf(page)).toHaveCount(5);

  // "reviews" shows reviews-v1, -v2 and -v3: those three are excluded, the others stay.
  await search.fill('reviews');
  await expect(includeOf(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Exclude shown rows' }).click();
  await expect(page.getByText('3 of 5 rows shown, 0 included')).toBeVisible();
  await search.fill('');
  await expect(includeOf(page)).toHaveCount(5);
  for (const name of [/reviews-v1/, /reviews-v2/, /reviews-v3/])
    await expect(includeOf(rows(name))).not.toBeChecked();
  await expect(includeOf(rows(/details-v1/))).toBeChecked();
  await expect(includeOf(rows(/coredns/))).toBeChecked();
  await tab(page, 'Generated Policy').click();
  await expect(yaml).not.toContainText('app: reviews');
  await expect(yaml).toContainText('app: details');

  // "v2" shows reviews-v2 alone: only it comes back.
  await tab(page, 'Egress').click();
  await search.fill('v2');
  await expect(includeOf(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Include shown rows' }).click();
  await expect(page.getByText('1 of 5 rows shown, 1 included')).toBeVisible();
  await search.fill('');
  await expect(includeOf(rows(/reviews-v2/))).toBeChecked();
  await expect(includeOf(rows(/reviews-v1/))).not.toBeChecked();
  await expect(includeOf(rows(/reviews-v3/))).not.toBeChecked();
  const doc = await policy(page);
  expect(egressPeers(doc).filter((l) => l?.app === 'reviews')).toEqual([
    { app: 'reviews', version: 'v2' },
  ]);
});

test('Include shown rows on the Unresolved IPs tab follows its class filters', async ({ page }) => {
  await openPrometheus(page);
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  // With Unknown hidden nothing is shown and the buttons are off; shown, the one IP row is
  // included by Include shown rows.
  await tab(page, 'Unresolved IPs').click();
  const ipRow = page.getByRole('row', { name: /10\.128\.0\.4/ });
  await expect(includeOf(ipRow)).not.toBeChecked();
  await page.getByRole('checkbox', { name: 'Unknown' }).uncheck();
  await expect(ipRow).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Include shown rows' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Unknown' }).check();
  await page.getByRole('searchbox', { name: 'Search IPs' }).fill('10.128.0.4');
  await page.getByRole('button', { name: 'Include shown rows' }).click();
  await expect(includeOf(ipRow)).toBeChecked();
  await tab(page, 'Generated Policy').click();
  await expect(yaml).toContainText('cidr: 10.128.0.4/32');
});
