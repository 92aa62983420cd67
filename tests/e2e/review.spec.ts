/**
 * The review workflow end to end on the demo data (bookinfo dump + Hubble captures), through
 * the accessible names of DESIGN.md §6 only: import, scope, exclude a row, switch a general
 * rule, download the policy (valid YAML, strict schema), reload; and, on a second cluster's real
 * capture (the demo has no unresolved IP left), alias and include an unresolved IP.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { Ajv } from 'ajv';
import { choose, DUMP, openGkePrometheus, TCP, UDP } from './helpers';

const SCHEMA = JSON.parse(
  readFileSync(
    new URL(
      '../../src/lib/engine/policy/schema/networkpolicy-networking-v1.standalone-strict.v1.35.0.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as object;

/** Selects an option by its label, once the list shows it (workload labels carry row counts). */

async function yamlText(page: Page): Promise<string> {
  return (await page.getByRole('region', { name: 'Generated policy YAML' }).textContent()) ?? '';
}

const includeOf = (page: Page, row: RegExp) =>
  page.getByRole('row', { name: row }).getByRole('checkbox', { name: 'Include' });

test('review: scope, decisions, general rule, download, and all of it after a reload', async ({
  page,
}) => {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([DUMP, TCP, UDP]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });

  await choose(page, 'Namespace', 'bookinfo');
  await choose(page, 'Entity type', 'Deployment');
  // The demo capture: productpage-v1 has 1 ingress and 5 egress rows once the flows are in.
  await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');

  // Egress: productpage-v1 calls details-v1 on 9080/TCP; excluding it drops its peer from the YAML.
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  await expect(yaml).toContainText('app: details');
  await page.getByRole('tab', { name: /Egress/ }).click();
  await expect(includeOf(page, /details-v1/)).toBeChecked();
  await includeOf(page, /details-v1/).uncheck();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yaml).not.toContainText('app: details');
  await expect(yaml).toContainText('app: reviews');

  // General egress rule: Allow all inside namespace adds a podSelector: {} peer.
  await page.getByRole('tab', { name: /Egress/ }).click();
  const egressRules = page.getByRole('radiogroup', { name: 'General egress rules' });
  await egressRules.getByRole('radio', { name: 'Allow all inside namespace' }).check();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yaml).toContainText('podSelector: {}');

  // Download Policy: a .yaml named after the workload, valid YAML, valid against the strict schema.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Policy' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('productpage-v1-deployment-k8s.yaml');
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).toBe(await yamlText(page));
  const doc = load(text) as { metadata: { name: string; namespace: string } };
  expect(doc.metadata).toEqual({ name: 'productpage-v1-deployment', namespace: 'bookinfo' });
  const validate = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    logger: false,
  }).compile(SCHEMA);
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  expect(text).not.toContain('app: details');

  // Reload: the scope and every decision come back from IndexedDB.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Workload' })).toHaveValue(/productpage-v1/);
  await page.getByRole('tab', { name: /Egress/ }).click();
  await expect(includeOf(page, /details-v1/)).not.toBeChecked();
  await expect(includeOf(page, /reviews-v2/)).toBeChecked();
  await expect(
    page
      .getByRole('radiogroup', { name: 'General egress rules' })
      .getByRole('radio', { name: 'Allow all inside namespace' }),
  ).toBeChecked();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yaml).toContainText('podSelector: {}');
  expect(await yamlText(page)).toBe(text);
});

test('review: an unresolved IP is aliased with a CIDR, included, and kept after a reload', async ({
  page,
}) => {
  await page.goto('./');
  await openGkePrometheus(page);
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });

  // Unresolved IPs: 10.128.0.4 is scraped by prometheus; alias it with a CIDR (which includes it).
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  const ipRow = page.getByRole('row', { name: /10\.128\.0\.4/ });
  await expect(ipRow).toContainText('unknown');
  // Why: the class rule and its range; this capture came without a dump.
  await expect(ipRow).toContainText(
    'unknown: inside 10.0.0.0/8 (private), outside every pod CIDR and cluster CIDR; no pods in the dump',
  );
  await expect(ipRow.getByRole('checkbox', { name: 'Include' })).not.toBeChecked();
  await ipRow.getByRole('button', { name: 'Alias' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Alias name').fill('legacy-gateway');
  await dialog.getByLabel('CIDR').fill('10.128.0.0/24');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(ipRow).toContainText('legacy-gateway');
  // The filters: the row is Aliased now, not Unknown.
  await page.getByRole('checkbox', { name: 'Aliased' }).uncheck();
  await expect(page.getByRole('row', { name: /10\.128\.0\.4/ })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Aliased' }).check();
  await page.getByRole('searchbox', { name: 'Search IPs' }).fill('legacy');
  // Saving the alias included the IP (the rule: aliasing from a row names and includes it).
  const include = ipRow.getByRole('checkbox', { name: 'Include' });
  await expect(include).toBeChecked();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yaml).toContainText('cidr: 10.128.0.0/24');
  // Include stays the user's: unticked, the alias's ipBlock leaves the policy; ticked, it is back.
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  await include.uncheck();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yaml).not.toContainText('10.128.0.0/24');
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  await include.check();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(yaml).toContainText('cidr: 10.128.0.0/24');
  const text = await yamlText(page);

  // Reload: the cluster, the alias and the decision come back from IndexedDB.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Workload' })).toHaveValue(/prometheus/);
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  await expect(ipRow).toContainText('legacy-gateway');
  await expect(ipRow.getByRole('checkbox', { name: 'Include' })).toBeChecked();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  expect(await yamlText(page)).toBe(text);
});
