/**
 * One import per file (DESIGN.md §5 "Same file twice", §6): Load demo data twice adds nothing,
 * a file dropped again asks Skip or Replace, and neither changes a count — the import rows'
 * accounting and the histogram's total stay what they were.
 */
import { expect, test, type Page } from '@playwright/test';
import { TCP, dropFiles, sample } from './helpers';

const TCP_NAME = 'hubble-otel_basic-sample-400-tcp-flows.json';

async function histogramTotal(page: Page): Promise<string> {
  const caption = page.getByText(/^Connections counted \(initiations/);
  await expect(caption).toBeVisible();
  return (await caption.textContent())!.replace(/.*— /, '');
}

test('Load demo data is idempotent; a dropped duplicate asks Skip or Replace and keeps the counts', async ({
  page,
}) => {
  await page.goto('./');
  const load = page.getByRole('button', { name: 'Load demo data' });
  await load.click();
  const rows = page.locator('[data-import] .status');
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  const tcpRow = page.locator(`[data-import="${TCP_NAME}"]`);
  // Every event of the capture accounted for on its row (the proxied flows, resolved by their
  // Cilium identity, are the far end's reports of connections counted already).
  await expect(tcpRow).toContainText(
    '400 events: 188 counted, 34 reported by both ends (counted once), 133 replies, 45 undetermined, 0 unreadable',
  );
  const total = await histogramTotal(page);

  await load.click();
  await expect(load).toBeEnabled();
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await histogramTotal(page)).toBe(total);

  // Dropped again under another name: same content, so the question comes; Skip keeps all as is.
  await dropFiles(page, [{ name: 'copy-of-tcp.json', content: sample(TCP) }]);
  const dialog = page.getByRole('dialog', { name: 'Already imported' });
  await expect(dialog).toContainText(`copy-of-tcp.json has the same content as ${TCP_NAME}`);
  await dialog.getByRole('button', { name: 'Skip' }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-import="copy-of-tcp.json"]')).toHaveCount(0);
  expect(await histogramTotal(page)).toBe(total);

  // Replace: the new import takes the place of the earlier one; the counts are the same.
  await dropFiles(page, [{ name: 'copy-of-tcp.json', content: sample(TCP) }]);
  await dialog.getByRole('button', { name: 'Replace' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-import="copy-of-tcp.json"] .status')).toHaveText('done');
  await expect(tcpRow).toHaveCount(0);
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-import="copy-of-tcp.json"]')).toContainText('188 counted');
  expect(await histogramTotal(page)).toBe(total);
});
