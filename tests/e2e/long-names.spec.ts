/**
 * Names that would stretch the page or read backwards (the attack sweep: 100,000-character
 * names made the page 1.7 million px wide and blanked the topology; U+202E showed names
 * reversed), through every place a name is shown: the scope's comboboxes, the review tables,
 * the topology's picture, hover card, entity and line panels and lists, an alias's dialog
 * and list. Real Hubble flows (the demo's sample) with the names rewritten.
 */
import { expect, test, type Page } from '@playwright/test';
import { DUMP, TCP, sample } from './helpers';
import { census, hoverSelected } from './topology-helpers';
import { DARK } from '../../src/lib/topology/palette';

const LONG = 'a'.repeat(100_000);
const RTL = 'rtl\u202egnp.exe';
const LONG_VALUE = 'v'.repeat(100_000);

/** The demo's productpage-v1 renamed LONG and its reviews-v2 renamed RTL. */
const rename = (text: string): string =>
  text.replaceAll('productpage-v1', LONG).replaceAll('reviews-v2', RTL);

/**
 * Real flows, renamed; 30 of productpage's records are kept (each carries its name), and one
 * of them goes to an internet address too (a peer to alias).
 */
function hostileFlows(): string {
  let productpage = 0;
  const lines = sample(TCP).toString('utf8').trim().split('\n');
  const kept = lines.filter((l) => !l.includes('productpage-v1-') || ++productpage <= 30);
  const out = JSON.parse(kept.find((l) => l.includes('"source":{"ID":881'))!) as {
    flow: { IP: { destination: string }; destination: unknown };
  };
  out.flow.IP.destination = '203.0.113.9';
  out.flow.destination = { identity: 2, labels: ['reserved:world'] };
  return rename(`${[...kept, JSON.stringify(out)].join('\n')}\n`);
}

/** The demo's cluster dump, renamed; the LONG pod gets a long and a right-to-left label. */
function hostileDump(): string {
  const dump = JSON.parse(rename(sample(DUMP).toString('utf8'))) as {
    items: { kind: string; metadata: { name: string; labels?: Record<string, string> } }[];
  };
  const pod = dump.items.find((i) => i.kind === 'Pod' && i.metadata.name.startsWith(LONG))!;
  pod.metadata.labels = { ...pod.metadata.labels, team: LONG_VALUE, 'app.kind': '\u202eevil' };
  return JSON.stringify(dump);
}

test.use({ colorScheme: 'dark', viewport: { width: 1280, height: 1100 } });

/**
 * How far the page is wider than its window (0: no horizontal scrolling), and the element
 * that sticks out furthest (for the failure message).
 */
async function overflow(page: Page): Promise<number> {
  const { by, culprit } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    let culprit = '';
    let right = width;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right) [right, culprit] = [r, `${el.tagName}.${el.className}`];
    }
    return { by: document.documentElement.scrollWidth - width, culprit };
  });
  expect(by, `the page overflows by ${by}px; widest: ${culprit}`).toBeLessThanOrEqual(0);
  return by;
}

/** The raw override character is nowhere in the page's visible text (it is shown escaped). */
async function noRawOverride(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toContain('\u202e');
}

test('100,000-character and right-to-left names: no page overflow, a drawn topology', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await page.getByLabel('Import files').setInputFiles([
    { name: 'dump.json', mimeType: 'application/json', buffer: Buffer.from(hostileDump()) },
    { name: 'flows.json', mimeType: 'application/json', buffer: Buffer.from(hostileFlows()) },
  ]);
  for (const name of ['dump.json', 'flows.json'])
    await expect(page.locator(`[data-import="${name}"] .status`)).toHaveText('done', {
      timeout: 30_000,
    });
  const scope = page.getByRole('region', { name: 'Scope' });
  const workload = page.getByRole('combobox', { name: 'Workload' });
  await scope.getByLabel('Namespace').selectOption('bookinfo');
  // Searched by a piece of it: the list holds the name cut in the middle.
  await workload.fill('aaaa…aaaa');
  await page.getByRole('option', { name: /aaaa…aaaa/ }).click();
  // The combobox shows the name cut in the middle.
  const chosen = await workload.inputValue();
  expect(chosen.length).toBeLessThan(200);
  expect(chosen).toContain('aaaa…aaaa');
  expect(await overflow(page)).toBeLessThanOrEqual(0);

  // The review table: the RTL peer reads as written, its override shown as an escape.
  await page.getByRole('tab', { name: /Egress/ }).click();
  await expect(page.getByRole('row', { name: /rtl\\u202Egnp\.exe/ }).first()).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await noRawOverride(page);

  // The topology: drawn (the reviewed workload in blue, lines in ink), no wider than the page.
  await page.getByRole('tab', { name: 'Topology' }).click();
  const region = page.getByRole('region', { name: 'Topology' });
  await expect(region.getByRole('status').last()).toContainText('layout', { timeout: 30_000 });
  const canvas = region.getByTestId('topology-canvas');
  const palette = DARK;
  await expect
    .poll(async () => (await census(page, canvas, palette)).blue, { timeout: 15_000 })
    .toBeGreaterThan(50);
  expect((await census(page, canvas, palette)).ink).toBeGreaterThan(50);
  expect(await overflow(page)).toBeLessThanOrEqual(0);

  // The hover card of the long-named workload: cut, its whole name in a title.
  const card = await hoverSelected(page, region, palette, 'Deployment aaaa');
  expect((await card.innerText()).length).toBeLessThan(2000);
  await expect(card).toContainText('app.kind=\\u202Eevil');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.mouse.move(0, 0);

  // The entity's panel (from the Entities list): every fact cut, a title for the whole text.
  const entities = region.getByRole('listbox', { name: /^Entities/ });
  await entities.getByRole('option', { name: /^aaaa/ }).click();
  const entity = region.getByRole('region', { name: 'Selected entity' });
  await expect(entity).toContainText('team=vvvv');
  expect((await entity.innerText()).length).toBeLessThan(6000);
  const title = await entity.getByRole('heading').getAttribute('title');
  expect(title!.length).toBeLessThanOrEqual(4000);
  await expect(entity.getByRole('button', { name: /^Review/ })).toHaveCount(0);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await noRawOverride(page);

  // The line to the RTL workload (from the Lines list): its panel and rows.
  const lines = region.getByRole('listbox', { name: /^Lines/ });
  await lines
    .getByRole('option', { name: /rtl\\u202Egnp\.exe/ })
    .first()
    .click();
  const line = region.getByRole('region', { name: 'Selected line' });
  await expect(line).toContainText('rtl\\u202Egnp.exe');
  expect((await line.innerText()).length).toBeLessThan(20_000);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await noRawOverride(page);

  // An alias with a 100,000-character name: the dialog, the table and the list stay in bounds.
  await page.getByRole('tab', { name: /Unresolved IPs/ }).click();
  const ipRow = page.getByRole('row', { name: /203\.0\.113\.9/ });
  await ipRow.getByRole('button', { name: 'Alias' }).click();
  const dialog = page.getByRole('dialog', { name: /Alias/ });
  await dialog.getByLabel('Alias name').fill(`gw-${LONG}`);
  await dialog.getByLabel('CIDR').fill(`10.0.0.0/${LONG}`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('is not an IP or a CIDR');
  expect((await dialog.getByRole('alert').innerText()).length).toBeLessThan(200);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await dialog.getByLabel('CIDR').fill('203.0.113.0/24');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(ipRow).toContainText('gw-aaaa');
  await page.getByText('1 alias in this cluster').click();
  const remove = page.getByRole('button', { name: /^Remove alias gw-aaaa/ });
  await expect(remove).toBeVisible();
  expect((await remove.getAttribute('aria-label'))!.length).toBeLessThan(200);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});
