/**
 * Review at scale: a workload with 10,000 communications (productpage-v1 of the bookinfo demo
 * calling 10,000 distinct public addresses, a capture made here from the demo's first flow) —
 * the YAML follows each decision: one row included and excluded, a searched set of rows
 * included at once, a general rule and back, an alias saved, another workload chosen and this
 * one again (its rows held on the page, its decisions read). The policy is regenerated
 * incrementally and verified after the YAML (docs/SCALE.md); this checks what the user sees.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { choose, chooseWorkload, DUMP, TCP } from './helpers';

const ROWS = 10_000;

/** `ROWS` TCP SYNs from productpage-v1 to 198.18.0.0 … 198.18.39.15 (a benchmarking range), port 443. */
function capture(): Buffer {
  const template = JSON.parse(readFileSync(TCP, 'utf8').split('\n')[0]!);
  const start = Date.parse(template.flow.time);
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const f = structuredClone(template);
    f.time = f.flow.time = new Date(start + i * 37).toISOString();
    f.flow.IP.destination = `198.18.${i >> 8}.${i & 255}`;
    f.flow.l4 = {
      TCP: { source_port: 40000 + (i % 20000), destination_port: 443, flags: { SYN: true } },
    };
    f.flow.destination = { identity: 2, labels: ['reserved:world'] };
    f.flow.is_reply = false;
    lines.push(JSON.stringify(f));
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

const yaml = (page: Page) => page.getByRole('region', { name: 'Generated policy YAML' });
/** How many ipBlocks the YAML on screen allows. */
const blocks = async (page: Page) =>
  ((await yaml(page).textContent()) ?? '').split('cidr:').length - 1;
const settled = (page: Page) =>
  expect(page.locator('#review .bar > [role="status"]')).toHaveText('All changes saved', {
    timeout: 30_000,
  });

async function onTab(page: Page, tab: RegExp) {
  await page.getByRole('tab', { name: tab }).click();
}

/** The bookinfo namespace with the wide capture, on productpage-v1's egress table. */
async function openEgress(page: Page) {
  await page.goto('./');
  // Buffers and paths do not mix in one call: the dump goes as a buffer too.
  await page.getByLabel('Import files').setInputFiles([
    { name: 'bookinfo-dump.json', mimeType: 'application/json', buffer: readFileSync(DUMP) },
    { name: 'wide.jsonl', mimeType: 'application/json', buffer: capture() },
  ]);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 60_000 });
  await choose(page, 'Namespace', 'bookinfo');
  await settled(page);
  await chooseWorkload(page, 'productpage-v1', `${ROWS} out`);
  await onTab(page, /^Egress/);
  const table = page.getByRole('table', { name: 'Egress communications' });
  await expect(table).toHaveAttribute('aria-rowcount', String(ROWS + 1), { timeout: 30_000 });
  await settled(page);
  return table;
}

test('at 10,000 rows the YAML follows every decision', async ({ page }) => {
  test.setTimeout(180_000);
  const table = await openEgress(page);
  // Unresolved IPs are out by default: no ipBlock.
  await onTab(page, /Generated Policy/);
  await expect(yaml(page)).toContainText('productpage-v1');
  expect(await blocks(page)).toBe(0);

  // One row in, then out again.
  await onTab(page, /^Egress/);
  const search = page.getByRole('searchbox', { name: 'Search egress' });
  await search.fill('198.18.7.77');
  await expect(table).toHaveAttribute('aria-rowcount', '2');
  await table.getByRole('checkbox', { name: 'Include' }).check();
  await settled(page);
  await onTab(page, /Generated Policy/);
  await expect(yaml(page)).toContainText('cidr: 198.18.7.77/32');
  expect(await blocks(page)).toBe(1);
  await onTab(page, /^Egress/);
  await table.getByRole('checkbox', { name: 'Include' }).uncheck();
  await settled(page);
  await onTab(page, /Generated Policy/);
  await expect(yaml(page)).not.toContainText('198.18.7.77');

  // 256 rows at once (198.18.1.*), then a general rule and back.
  await onTab(page, /^Egress/);
  await search.fill('198.18.1.');
  await expect(table).toHaveAttribute('aria-rowcount', '257');
  await page.getByRole('button', { name: 'Include shown rows' }).click();
  await settled(page);
  await onTab(page, /Generated Policy/);
  await expect(yaml(page)).toContainText('cidr: 198.18.1.255/32');
  await expect.poll(() => blocks(page)).toBe(256);
  await onTab(page, /^Egress/);
  await page.getByRole('radio', { name: 'Allow all', exact: true }).check();
  await settled(page);
  await onTab(page, /Generated Policy/);
  await expect.poll(() => blocks(page)).toBe(0);
  await expect(yaml(page)).toContainText('- {}');
  await onTab(page, /^Egress/);
  await page.getByRole('radio', { name: 'Block all', exact: true }).check();
  await settled(page);
  await onTab(page, /Generated Policy/);
  await expect.poll(() => blocks(page)).toBe(256);

  // An alias saved on one address names its range and includes it: one ipBlock for the range.
  await onTab(page, /Unresolved IPs/);
  await page.getByRole('searchbox', { name: 'Search IPs' }).fill('198.18.2.9');
  await page
    .getByRole('table', { name: 'Unresolved IPs' })
    .getByRole('button', { name: 'Alias' })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Alias name').fill('partner');
  await dialog.getByLabel('CIDR').fill('198.18.2.0/24');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await settled(page);
  await onTab(page, /Generated Policy/);
  await expect(yaml(page)).toContainText('cidr: 198.18.2.0/24');
  await expect.poll(() => blocks(page)).toBe(257);
  // The rows the alias covers carry its name (aliases are applied to the rows in memory): the
  // IPs table finds the /24's 256 addresses by it, and only them.
  await onTab(page, /Unresolved IPs/);
  await page.getByRole('searchbox', { name: 'Search IPs' }).fill('partner');
  await expect(page.getByRole('table', { name: 'Unresolved IPs' })).toHaveAttribute(
    'aria-rowcount',
    '257',
  );
  await onTab(page, /Generated Policy/);
  // And the verification of that YAML is in: the 256 rows and the alias's whole /24 allowed.
  const verification = page.getByText(/^\s*Verification: of the workload/);
  await expect(verification).toContainText('allows 512');
  await expect(verification).toContainText('denies 9,488');

  // Another workload and back: the rows come back as the page held them, with the decisions.
  await chooseWorkload(page, 'details-v1');
  await settled(page);
  await expect.poll(() => blocks(page)).toBe(0);
  await chooseWorkload(page, 'productpage-v1', `${ROWS} out`);
  await settled(page);
  await expect.poll(() => blocks(page)).toBe(257);
  await onTab(page, /^Egress/);
  await expect(table).toHaveAttribute('aria-rowcount', '257');
  await search.fill('');
  await expect(table).toHaveAttribute('aria-rowcount', String(ROWS + 1));
});

test('at 10,000 rows keyboard focus survives scrolling its row far away', async ({ page }) => {
  test.setTimeout(180_000);
  const table = await openEgress(page);
  const row = (n: number) => table.locator(`[role="row"][aria-rowindex="${n + 2}"]`);
  const picked = row(3).getByRole('checkbox', { name: 'Include' });
  await picked.focus();
  await expect(picked).toBeFocused();
  // The mouse wheel takes the row far out of view (rows recycle their elements meanwhile).
  await row(5).hover();
  const scrolled = () =>
    table
      .getByRole('rowgroup')
      .last()
      .evaluate((el) => el.scrollTop);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 40_000);
  await expect.poll(scrolled).toBeGreaterThan(1_000 * 34);
  await expect(row(3)).not.toBeInViewport();
  // Focus stayed on the picked row, not on <body> nor on the row now in its old place.
  await expect(picked).toBeFocused();
  // An arrow key brings the row back; Space includes that row and no other.
  await page.keyboard.press('ArrowDown');
  await expect(row(3)).toBeInViewport();
  await expect(picked).toBeFocused();
  await page.keyboard.press('Space');
  await expect(picked).toBeChecked();
  await settled(page);
  await expect(table.getByRole('checkbox', { checked: true })).toHaveCount(1);
  // Far away again, Tab moves on within the table, never back to the top of the page.
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 40_000);
  await expect(row(3)).not.toBeInViewport();
  await page.keyboard.press('Tab');
  const inTable = () =>
    page.evaluate(
      () => document.activeElement?.closest('[role="table"]')?.getAttribute('aria-label') ?? null,
    );
  await expect.poll(inTable).toBe('Egress communications');
});

test('at 10,000 ipBlocks the YAML view renders the lines in view; the end scrolls into view, copy and download give the whole text', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openEgress(page);
  await page.getByRole('button', { name: 'Include shown rows' }).click();
  await settled(page);
  await onTab(page, /Generated Policy/);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Policy' }).click(),
  ]);
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text.split('cidr:').length - 1).toBe(ROWS);
  const cidrs = [...text.matchAll(/cidr: (\S+)/g)].map((m) => m[1]!);
  // Only the lines in view (and a few around) are on the page.
  await expect(yaml(page)).toContainText(`cidr: ${cidrs[0]}`);
  expect(await blocks(page)).toBeLessThan(200);
  await expect(yaml(page)).not.toContainText(`cidr: ${cidrs.at(-1)}`);
  // The keyboard reaches the block and End scrolls to its last line.
  const code = yaml(page).getByRole('group');
  await code.focus();
  await expect(code).toBeFocused();
  await page.keyboard.press('End');
  const lastLine = text.trimEnd().split('\n').at(-1)!.trim();
  await expect(yaml(page)).toContainText(`cidr: ${cidrs.at(-1)}`);
  // The text rendered ends with the policy's last line, and its bottom is in the block's view.
  const end = () =>
    code.evaluate((el) => {
      const pre = el.querySelector('pre')!;
      const inView = pre.getBoundingClientRect().bottom <= el.getBoundingClientRect().bottom;
      return inView ? pre.textContent!.trimEnd().split('\n').at(-1)!.trim() : null;
    });
  await expect.poll(end).toBe(lastLine);
  // Home goes back to the first line, End to the last again.
  await page.keyboard.press('Home');
  await expect(yaml(page)).toContainText(`cidr: ${cidrs[0]}`);
  await expect(yaml(page)).not.toContainText(`cidr: ${cidrs.at(-1)}`);
  await expect.poll(() => code.evaluate((el) => el.scrollTop)).toBe(0);
  await page.keyboard.press('End');
  await expect.poll(end).toBe(lastLine);
  // Copy to clipboard, and Ctrl+A then Ctrl+C in the block: the whole text either way.
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole('button', { name: 'Copy to clipboard' }).click();
  await expect.poll(clipboard).toBe(text);
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await code.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  await expect.poll(clipboard).toBe(text);
  // And the view follows the next decision: every row excluded, no ipBlock left.
  await onTab(page, /^Egress/);
  await page.getByRole('button', { name: 'Exclude shown rows' }).click();
  await settled(page);
  await onTab(page, /Generated Policy/);
  await expect(yaml(page)).toContainText('productpage-v1');
  expect(await blocks(page)).toBe(0);
});
