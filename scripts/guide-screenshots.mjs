// The screenshots of docs/GUIDE.md, taken from the built app in Chromium so they show what the
// app shows (run after `npm run build`): node scripts/guide-screenshots.mjs [port]
// The demo data is loaded, productpage-v1 reviewed; each step is one region of the page at
// 1024 px, light theme, into docs/img/*.png (small: regions, not the whole page).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const port = Number(process.argv[2] ?? 4390);
const base = `http://localhost:${port}/`;
const out = new URL('../docs/img/', import.meta.url);
mkdirSync(out, { recursive: true });

const server = spawn(process.execPath, ['scripts/serve.mjs', 'build', String(port), '/'], {
  stdio: 'ignore',
});
try {
  await waitFor(base);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({
    viewport: { width: 1024, height: 760 },
    colorScheme: 'light',
    timezoneId: 'UTC',
  });
  await page.goto(`${base}?demo`);
  await page.locator('[data-import] .status').nth(2).waitFor();
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-import] .status').length === 3 &&
      [...document.querySelectorAll('[data-import] .status')].every(
        (e) => e.textContent === 'done',
      ),
  );
  await shot(page.locator('section.imports'), '1-import.png');

  await page.getByRole('combobox', { name: 'Namespace' }).selectOption('bookinfo');
  const workload = page.getByRole('combobox', { name: 'Workload' });
  await workload.fill('productpage');
  await page.getByRole('option', { name: /^productpage-v1 — / }).click();
  await page.getByRole('button', { name: /^Imports/ }).click();
  await shot(page.getByRole('region', { name: 'Scope' }), '2-scope.png');

  await page.getByRole('tab', { name: /Egress/ }).click();
  await page.getByRole('checkbox', { name: 'Include' }).first().waitFor();
  await shot(page.locator('#review'), '3-review.png');

  await page.getByRole('tab', { name: /Generated Policy/ }).click();
  await page
    .getByRole('region', { name: 'Generated policy YAML' })
    .getByText('kind: NetworkPolicy')
    .waitFor();
  await shot(page.locator('#review'), '4-download.png', 560);
  await browser.close();
} finally {
  server.kill();
}

/** A region's picture, at most `maxHeight` px tall (the top of it). */
async function shot(locator, name, maxHeight = 520) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${name}: the region is not on the page`);
  const page = locator.page();
  await page.mouse.move(0, 0);
  const clip = { ...box, height: Math.min(box.height, maxHeight) };
  await page.screenshot({
    path: fileURLToPath(new URL(name, out)),
    clip,
    animations: 'disabled',
    caret: 'hide',
  });
  console.log(`docs/img/${name}: ${Math.round(clip.width)}×${Math.round(clip.height)}`);
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}
