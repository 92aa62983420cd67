/**
 * The timespan: the flows of the selected time under the histogram (not the whole capture's),
 * a readable bar width down to a second, the time zone shown and switchable between local and UTC (inputs and
 * tables follow), and a From after To refused with a message instead of silently swapped.
 */
import { expect, test } from '@playwright/test';
import { chooseProductpage, importDemo } from './helpers';

test.use({ timezoneId: 'Asia/Tokyo' });

test('selection counts, UTC or local time, and From after To refused', async ({ page }) => {
  await importDemo(page);
  await chooseProductpage(page);
  const from = page.getByLabel('From', { exact: true });
  const to = page.getByLabel('To', { exact: true });
  const zone = page.getByRole('combobox', { name: 'Time zone' });

  // Local time by default, the zone said: the capture starts 10:40:56 UTC = 19:40:56 in Tokyo.
  await expect(zone.locator('option:checked')).toHaveText('Local (Asia/Tokyo, UTC+09:00)');
  await expect(from).toHaveValue('2021-11-10T19:40:56');
  const caption = page.getByText(/^Connections counted/);
  // Six seconds of capture: a bar a second (they were a minute wide: two bars).
  await expect(caption).toContainText('1 s a bar');
  expect(await page.locator('.histogram rect.bar').count()).toBeGreaterThanOrEqual(6);
  // The whole capture selected: the selection holds every counted connection.
  await expect(caption).toContainText(/(\d+) of \1 in the selected time/);
  const all = Number((await caption.textContent())!.match(/(\d+) of \1/)![1]);
  expect(all).toBeGreaterThan(0);

  // UTC: the inputs and the tables' times follow.
  await zone.selectOption('utc');
  await expect(from).toHaveValue('2021-11-10T10:40:56');
  await expect(to).toHaveValue(/^2021-11-10T10:41/);
  await page.getByRole('tab', { name: /Egress/ }).click();
  await expect(page.getByRole('row', { name: /details-v1/ })).toContainText('2021-11-10 10:4');
  await expect(page.getByRole('row', { name: /details-v1/ })).not.toContainText('19:4');

  // Narrowing to 10:41 counts the selection only; the rows follow.
  await from.fill('2021-11-10T10:41:00');
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(3);
  await expect(caption).not.toContainText(`${all} of ${all}`);
  await expect(caption).toContainText(`of ${all} in the selected time`);
  const selected = Number((await caption.textContent())!.match(/(\d+) of \d+/)![1]);
  expect(selected).toBeGreaterThan(0);
  expect(selected).toBeLessThan(all);

  // A To before From is refused, said, and changes nothing.
  await to.fill('2021-11-10T10:40:30');
  await expect(page.getByRole('alert')).toHaveText(
    'To 2021-11-10 10:40:30 is before From 2021-11-10 10:41:00: choose a later To or an earlier From.',
  );
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('checkbox', { name: 'Include' })).toHaveCount(3);
  await expect(caption).toContainText(`${selected} of ${all}`);

  // The choice of zone is kept across a reload; Whole capture clears the refusal.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('utc');
  await page.getByRole('button', { name: 'Whole capture' }).click();
  await expect(page.getByText(/^Connections counted/)).toContainText(`${all} of ${all}`);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // One arrow key moves the start by one bar, one second: most of the capture stays selected.
  await page.getByRole('slider', { name: 'Start of the timespan' }).press('ArrowRight');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2021-11-10T10:40:57');
  const after = page.getByText(/^Connections counted/);
  await expect(after).not.toContainText(`${all} of ${all}`);
  const kept = Number((await after.textContent())!.match(/(\d+) of \d+/)![1]);
  expect(kept).toBeGreaterThan(all / 2);
  expect(kept).toBeLessThan(all);
});
