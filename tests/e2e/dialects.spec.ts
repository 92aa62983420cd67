/**
 * The Policy dialect combobox (DESIGN.md §6) on the demo data: switching to Cilium, Calico and
 * Calico staged rewrites the YAML and the download (its name carries the dialect; the file is
 * what is shown), the choice is remembered across a reload, and the namespace bundle follows.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { chooseProductpage, importDemo } from './helpers';

async function download(page: Page): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Policy' }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

test('switching the policy dialect rewrites the YAML and the download, and is remembered', async ({
  page,
}) => {
  await importDemo(page);
  await chooseProductpage(page);
  await page.getByRole('tab', { name: /Generated Policy/ }).click();

  const yaml = page.getByRole('region', { name: 'Generated policy YAML' });
  const dialect = page.getByRole('combobox', { name: 'Policy dialect' });
  await expect(dialect).toHaveValue('k8s');
  await expect(dialect.locator('option')).toHaveText([
    'Kubernetes',
    'Cilium',
    'Calico',
    'Calico staged',
  ]);
  await expect(yaml).toContainText('kind: NetworkPolicy');

  const cases = [
    ['Cilium', 'cilium', 'CiliumNetworkPolicy', 'endpointSelector:'],
    ['Calico', 'calico', 'NetworkPolicy', "selector: app == 'productpage'"],
    ['Calico staged', 'calico-staged', 'StagedNetworkPolicy', 'action: Allow'],
  ] as const;
  for (const [label, id, kind, text] of cases) {
    await dialect.selectOption({ label });
    await expect(yaml).toContainText(`kind: ${kind}`);
    await expect(yaml).toContainText(text);
    await expect(page.getByText(`productpage-v1-deployment-${id}.yaml · 1 document`)).toBeVisible();
    const file = await download(page);
    expect(file.name).toBe(`productpage-v1-deployment-${id}.yaml`);
    expect(file.text).toBe((await yaml.textContent()) ?? '');
    expect(loadAll(file.text)).toMatchObject([
      { kind, metadata: { name: 'productpage-v1-deployment', namespace: 'bookinfo' } },
    ]);
  }

  // Remembered across a reload (a preference of this browser), with the review itself.
  await dialect.selectOption({ label: 'Cilium' });
  await expect(yaml).toContainText('kind: CiliumNetworkPolicy');
  await page.reload();
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await expect(page.getByRole('combobox', { name: 'Policy dialect' })).toHaveValue('cilium');
  await expect(yaml).toContainText('kind: CiliumNetworkPolicy');

  // The namespace bundle in the dialect: a default-deny first, the file named for both.
  await page.getByRole('checkbox', { name: /Whole namespace/ }).check();
  await expect(page.getByText(/bookinfo-namespace-cilium\.yaml · \d+ documents/)).toBeVisible();
  await expect(page.getByText(/Verification of the whole bundle/)).toBeVisible();
  const bundle = await download(page);
  expect(bundle.name).toBe('bookinfo-namespace-cilium.yaml');
  const docs = loadAll(bundle.text) as { kind: string; metadata: { name: string } }[];
  expect(docs.length).toBeGreaterThan(2);
  expect(docs[0]).toMatchObject({
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'default-deny' },
  });
  expect(new Set(docs.map((d) => d.kind))).toEqual(new Set(['CiliumNetworkPolicy']));
});
