/**
 * Names of IPs in the app: the wikipedia capture (its DNS responses name the web servers it
 * then calls) with a dump that makes its client the pod web/browser. The Unresolved IPs tab
 * shows each external IP's DNS name, groups the IPs by name, "Alias by name" names the IP
 * after its FQDN; an included named IP is an ipBlock /32 with its names in the annotation.
 * The names survive a reload (stored with their import).
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { chooseWorkload } from './helpers';

const DIR = join(import.meta.dirname, '../fixtures/analyze/pcap-dns-names');
const DUMP = join(DIR, 'cluster.json');
const PCAP = join(DIR, 'zeek-traces_wikipedia.pcap');

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(name) });

async function openBrowser(page: Page): Promise<void> {
  const scope = page.getByRole('region', { name: 'Scope' });
  await scope.getByLabel('Namespace').selectOption('web');
  await scope.getByLabel('Entity type').selectOption('Deployment');
  await chooseWorkload(page, 'browser');
  await tab(page, 'Unresolved IPs').click();
}

test('an external IP shows its DNS name, and "Alias by name" names it after the FQDN', async ({
  page,
}) => {
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([DUMP, PCAP]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await openBrowser(page);

  const upload = page.getByRole('row', { name: /208\.80\.152\.3\b/ });
  await expect(upload).toContainText('upload.wikimedia.org');
  await expect(page.getByRole('row', { name: /208\.80\.152\.2\b/ })).toContainText(
    'meta.wikimedia.org',
  );
  // 208.80.152.118 had no answer in the capture.
  await expect(page.getByRole('row', { name: /208\.80\.152\.118/ })).toContainText('—');

  // Grouped by name; the search box finds an IP by its name too.
  const names = page.getByRole('list', { name: 'DNS names' });
  const group = names.getByRole('listitem').filter({ hasText: 'upload.wikimedia.org' });
  await expect(group).toContainText('208.80.152.3');
  await page.getByLabel('Search IPs').fill('upload.wiki');
  await expect(page.getByRole('row', { name: /208\.80\.152/ })).toHaveCount(1);
  await page.getByLabel('Search IPs').fill('');

  await group.getByRole('button', { name: 'Alias by name' }).click();
  await expect(upload).toContainText('upload.wikimedia.org (208.80.152.3)');
  await expect(upload).toContainText('aliased');
  await expect(group).toContainText('aliased');
  await expect(page.getByText('1 alias in this cluster')).toBeVisible();

  // Included, it is written as its /32 with its name in the policy's annotation.
  await upload.getByRole('checkbox', { name: 'Include' }).check();
  await tab(page, 'Generated Policy').click();
  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  await expect(yaml).toContainText('cidr: 208.80.152.3/32');
  await expect(yaml).toContainText('netpolish.io/dns-names');
  await expect(yaml).toContainText('208.80.152.3/32 upload.wikimedia.org');

  // Kept across a reload (stored with their import; the unit tests remove them with it).
  await page.reload();
  await tab(page, 'Unresolved IPs').click();
  await expect(page.getByRole('row', { name: /208\.80\.152\.2\b/ })).toContainText(
    'meta.wikimedia.org',
  );
});
