/**
 * The aggregate file in the app: the bookinfo captures reduced by the DuckDB recipe to two
 * Parquet part files, dropped at once with the dump, review exactly as the raw captures do
 * (rows with counts and first/last seen, the generated policy), each in a fresh browser context.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { choose, DUMP, TCP, UDP, dropFiles, sample } from './helpers';

const PARTS = [0, 1].map((i) =>
  join(import.meta.dirname, `../fixtures/aggregate-file/bookinfo-hubble-400/part-0000${i}.parquet`),
);

async function rows(page: Page, tab: RegExp): Promise<string[]> {
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  return page.getByRole('row').allTextContents();
}

/** Imports `files` in a fresh context and reads productpage-v1's review and policy. */
async function review(browser: Browser, baseURL: string, files: string[]) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('./');
  await dropFiles(
    page,
    files.map((f) => ({ name: f.split('/').at(-1)!, content: sample(f) })),
  );
  for (const f of files) {
    await expect(page.locator(`[data-import="${f.split('/').at(-1)}"] .status`)).toHaveText('done');
  }
  const formats = await page
    .locator('[data-import] [data-format]')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-format')}: ${e.textContent}`));
  await choose(page, 'Namespace', 'bookinfo');
  await choose(page, 'Entity type', 'Deployment');
  await choose(page, 'Workload', 'productpage-v1 — 1 in, 5 out');
  const ingress = await rows(page, /Ingress/);
  const egress = await rows(page, /Egress/);
  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  const yaml = await page.getByRole('region', { name: 'Generated policy YAML' }).textContent();
  await context.close();
  return { formats, ingress, egress, yaml };
}

test('aggregate Parquet parts dropped together review exactly like the raw captures', async ({
  browser,
}, info) => {
  const baseURL = info.project.use.baseURL!;
  const raw = await review(browser, baseURL, [DUMP, TCP, UDP]);
  const agg = await review(browser, baseURL, [DUMP, ...PARTS]);
  expect(agg.formats).toEqual([
    'netpolish-aggregate: netpolish aggregate file',
    'netpolish-aggregate: netpolish aggregate file',
    'k8s-json: Kubernetes objects (JSON)',
  ]);
  expect(raw.ingress.length).toBeGreaterThan(1);
  expect(agg.ingress).toEqual(raw.ingress);
  expect(agg.egress).toEqual(raw.egress);
  expect(agg.yaml).toEqual(raw.yaml);
});
