import { expect, test } from '@playwright/test';

test('after the service worker controls the page, an offline reload still shows the app', async ({
  page,
  context,
}) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'netpolish' })).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // A first load is not controlled; the service worker claims clients on activation.
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'netpolish' })).toBeVisible();
  await expect(page.getByLabel('Import files')).toBeVisible();
  await context.setOffline(false);
});

test.describe('control: without the service worker', () => {
  test.use({ serviceWorkers: 'block' });
  test('an offline reload fails', async ({ page, context }) => {
    await page.goto('./');
    await expect(page.getByRole('heading', { name: 'netpolish' })).toBeVisible();
    await context.setOffline(true);
    await expect(page.reload()).rejects.toThrow();
    await context.setOffline(false);
  });
});
