import { expect, test, type Browser } from '@playwright/test';
import { importDemo } from './helpers';

/**
 * The demo imported with the captures cut into parts read by 3 parse workers at once gives the
 * same counts as one worker reading each file whole. Parts are made small
 * (localStorage netpolish.partBytes) so that the demo's 500 KiB captures are cut.
 */
async function demoCounts(browser: Browser, workers: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((n) => {
    localStorage.setItem('netpolish.parseWorkers', String(n));
    localStorage.setItem('netpolish.partBytes', '100000');
  }, workers);
  const started: string[] = [];
  page.on('worker', (w) => started.push(w.url()));
  await importDemo(page);
  const rows = page.locator('[data-import]');
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-import] .status')).toHaveText(['done', 'done', 'done']);
  const counts = await page.locator('[data-import] .accounting').allInnerTexts();
  const tabs = await page.getByRole('tab').allInnerTexts();
  await context.close();
  return { counts, tabs, parseWorkers: started.filter((u) => /parse/.test(u)).length };
}

test('the demo read by 3 parse workers gives the counts 1 worker gives', async ({ browser }) => {
  const one = await demoCounts(browser, 1);
  const three = await demoCounts(browser, 3);
  expect(one.parseWorkers).toBe(0);
  // Both captures are cut: 3 workers lent to each import.
  expect(three.parseWorkers).toBe(6);
  expect(three.counts).toEqual(one.counts);
  expect(three.tabs).toEqual(one.tabs);
  expect(one.counts.join(' ')).toMatch(/\d+ counted/);
});
