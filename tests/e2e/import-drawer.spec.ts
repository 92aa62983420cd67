/**
 * The import drawer: one line per file — a dump says what it held per kind, a truncated file is
 * an amber "partial" with its reason in view — a heading that sums the files up and opens and
 * closes the drawer (as the user left it, after a reload too), and Remove that Undo takes back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DUMP, TCP } from './helpers';

const toast = (page: import('@playwright/test').Page, text: string | RegExp) =>
  page.getByRole('status').filter({ hasText: text });

test('one line per file, partial with its reason, a drawer that closes, Remove undone', async ({
  page,
}, info) => {
  await page.goto('./');
  const toggle = page.getByRole('button', { name: /^Imports/ });
  // The drawer starts open, so a new user sees where files go.
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  // A dump cut short, as a failed copy leaves it.
  const cutPath = info.outputPath('cut-dump.json');
  writeFileSync(cutPath, readFileSync(DUMP).subarray(0, 20_000));
  await page.getByLabel('Import files').setInputFiles([DUMP, TCP, cutPath]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });

  // The dump says what it held (the sample has 11 Pods, 5 Services, 2 Nodes, 3 Namespaces).
  const dump = page.locator('[data-import="bookinfo-kind_cluster-dump.json"]');
  await expect(dump.locator('.status')).toHaveText('done');
  await expect(dump).toContainText(/11 pods, \d+ workloads, 5 Services, 2 nodes, 3 namespaces/);
  // The truncated dump: partial, and why, without opening its diagnostics.
  const cut = page.locator('[data-import="cut-dump.json"]');
  await expect(cut.locator('.status')).toHaveText('partial');
  const reason = cut.getByText(/^Partial: 1 error — (line \d+: )?JSON document is incomplete/);
  await expect(reason).toBeVisible();
  await expect(cut).toContainText('no pods, Services or nodes');
  await expect(toggle).toContainText('3 files — 1 partial');

  // Closed, the drawer leaves only its heading; open again, the lines are back.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(dump).toBeHidden();
  await toggle.click();
  await expect(dump).toBeVisible();

  // Remove, then Undo: the file comes back (its flows too: the unit tests count them).
  const tcp = page.locator('[data-import="hubble-otel_basic-sample-400-tcp-flows.json"]');
  await page
    .getByRole('button', { name: 'Remove hubble-otel_basic-sample-400-tcp-flows.json' })
    .click();
  await expect(tcp).toHaveCount(0);
  await expect(toast(page, 'Removed hubble-otel_basic-sample-400-tcp-flows.json')).toBeVisible();
  await expect(toggle).toContainText('2 files — 1 partial');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(tcp.locator('.status')).toHaveText('done');
  await expect(toggle).toContainText('3 files — 1 partial');

  // Closed, it stays closed after a reload (a preference of this browser); the summary says it all.
  await toggle.click();
  await page.reload();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toContainText('3 files — 1 partial');
  await expect(dump).toBeHidden();
  await toggle.click();
  await expect(dump).toBeVisible();
});
