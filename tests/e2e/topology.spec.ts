import { expect, test, type Locator, type Page } from '@playwright/test';

/** Pixel classes of the contract colours (with room for anti-aliasing). */
interface Census {
  total: number;
  white: number;
  black: number;
  red: number;
  blue: number;
  /** Centroids (CSS px inside the element) of the red and blue pixels. */
  redAt: { x: number; y: number } | null;
  blueAt: { x: number; y: number } | null;
}

/**
 * Counts the canvas's pixels by colour from a screenshot of the element (what the user sees,
 * WebGL included), decoded in the page itself.
 */
async function census(page: Page, el: Locator): Promise<Census> {
  const png = (await el.screenshot()).toString('base64');
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const out = { total: c.width * c.height, white: 0, black: 0, red: 0, blue: 0 };
    const sum = { red: [0, 0], blue: [0, 0] };
    const scale = window.devicePixelRatio || 1;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
      const x = ((i / 4) % c.width) / scale;
      const y = Math.floor(i / 4 / c.width) / scale;
      if (r > 245 && g > 245 && b > 245) out.white++;
      else if (r < 50 && g < 50 && b < 50) out.black++;
      else if (r > 190 && g < 70 && b < 70) {
        out.red++;
        sum.red = [sum.red[0]! + x, sum.red[1]! + y];
      } else if (b > 180 && r < 60 && g > 60 && g < 130) {
        out.blue++;
        sum.blue = [sum.blue[0]! + x, sum.blue[1]! + y];
      }
    }
    const at = (n: number, s: number[]) => (n > 0 ? { x: s[0]! / n, y: s[1]! / n } : null);
    return { ...out, redAt: at(out.red, sum.red), blueAt: at(out.blue, sum.blue) };
  }, png);
}

async function openProductpageTopology(page: Page): Promise<Locator> {
  await page.goto('./?demo');
  const scope = page.getByRole('region', { name: 'Scope' });
  const workload = scope.getByLabel('Workload');
  await expect(workload.locator('option[value="Deployment/bookinfo/productpage-v1"]')).toHaveCount(
    1,
    {
      timeout: 30_000,
    },
  );
  await scope.getByLabel('Namespace').selectOption('bookinfo');
  await workload.selectOption('Deployment/bookinfo/productpage-v1');
  await page.getByRole('tab', { name: 'Topology' }).click();
  const region = page.getByRole('region', { name: 'Topology' });
  // productpage-v1, 10.244.0.148, ratings, details, reviews v1–v3, coredns; one line each.
  await expect(region.getByRole('status').last()).toContainText('8 entities · 7 lines');
  await expect(region.getByRole('status').last()).toContainText('layout');
  return region;
}

test.describe('topology on the demo data', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 1280, height: 1100 } });

  test('draws entities and lines in the contract colours on a light panel (dark theme too)', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    await expect(region.getByRole('note', { name: 'Legend' })).toContainText(
      'Not resolved or not in the policy',
    );
    const canvas = region.getByTestId('topology-canvas');
    await expect
      .poll(async () => (await census(page, canvas)).blue, { timeout: 15_000 })
      .toBeGreaterThan(50);
    const c = await census(page, canvas);
    // Neither empty nor flooded: mostly the light background, with black, red and blue marks.
    expect(c.white / c.total).toBeGreaterThan(0.8);
    expect(c.white / c.total).toBeLessThan(0.995);
    expect(c.black).toBeGreaterThan(300);
    expect(c.red).toBeGreaterThan(40);
    expect(c.blue).toBeGreaterThan(50);
  });

  test('the excluded unresolved IP is a red line that turns black once aliased and included', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    const canvas = region.getByTestId('topology-canvas');
    await expect
      .poll(async () => (await census(page, canvas)).red, { timeout: 15_000 })
      .toBeGreaterThan(40);

    // Alias it in the Unresolved IPs tab.
    await page.getByRole('tab', { name: 'Unresolved IPs' }).click();
    const ipRow = page
      .getByRole('row')
      .filter({ hasText: '10.244.0.148' })
      .filter({ hasText: 'ingress' })
      .first();
    await ipRow.getByRole('button', { name: 'Alias' }).click();
    await page.getByLabel('Alias name').fill('mesh-probe');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'mesh-probe' }).first()).toBeVisible();

    // Aliased but still excluded: red. Click the red line and include its row there.
    await page.getByRole('tab', { name: 'Topology' }).click();
    await expect(region.getByRole('status').last()).toContainText('8 entities · 7 lines');
    await expect
      .poll(async () => (await census(page, canvas)).red, { timeout: 15_000 })
      .toBeGreaterThan(40);
    const red = (await census(page, canvas)).redAt!;
    await canvas.click({ position: red });
    const panel = region.getByRole('region', { name: 'Selected line' });
    await expect(panel.getByRole('heading')).toHaveText(
      'mesh-probe (10.244.0.148) → productpage-v1',
    );
    await expect(panel).toContainText('not in the policy');
    await panel.getByRole('checkbox', { name: 'Include' }).check();
    await expect(panel).toContainText('in the policy');
    await expect
      .poll(async () => (await census(page, canvas)).red, { timeout: 15_000 })
      .toBeLessThan(5);
    expect((await census(page, canvas)).black).toBeGreaterThan(300);

    // The same decision shows in the Ingress tab, on the selected row.
    await page.getByRole('tab', { name: 'Ingress' }).click();
    const row = page.getByRole('row').filter({ hasText: 'mesh-probe' });
    await expect(row.getByRole('checkbox', { name: 'Include' })).toBeChecked();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  });

  test('picks lines with the keyboard only: the list of lines selects a line and its row', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    const lines = region.getByRole('listbox', { name: 'Lines (7)' });
    await expect(lines.getByRole('option')).toHaveCount(7);
    // From the Topology tab (where the opening left the focus), Tab until a line has the focus.
    const focused = lines.locator('[role="option"]:focus');
    for (let i = 0; i < 30 && (await focused.count()) === 0; i++) {
      await page.keyboard.press('Tab');
    }
    await expect(focused).toContainText('10.244.0.148 (internal) → productpage-v1');
    await expect(lines.getByRole('option', { selected: true })).toHaveCount(0);

    // Enter picks it: the line panel opens on its rows.
    await page.keyboard.press('Enter');
    const panel = region.getByRole('region', { name: 'Selected line' });
    await expect(panel.getByRole('heading')).toHaveText('10.244.0.148 (internal) → productpage-v1');
    await expect(panel).toContainText('unresolved IP');
    await expect(lines.getByRole('option', { selected: true })).toContainText(
      '9080/TCP · 32 flows · unresolved IP',
    );
    // Escape lets it go; the arrow moves to the next line and picks it.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await page.keyboard.press('ArrowDown');
    await expect(panel.getByRole('heading')).toHaveText('productpage-v1 → details-v1');
    await expect(focused).toContainText('productpage-v1 → details-v1');
    await expect(focused).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(panel.getByRole('heading')).toHaveText('ratings-v1 → productpage-v1');
    await page.keyboard.press('ArrowUp');
    await expect(panel.getByRole('heading')).toHaveText('productpage-v1 → reviews-v3');

    // On into the panel: exclude the row with Space, then show it in the Egress table.
    await page.keyboard.press('Tab');
    await expect(panel.getByRole('button', { name: 'Close the selected line' })).toBeFocused();
    await page.keyboard.press('Tab');
    const include = panel.getByRole('checkbox', { name: 'Include' });
    await expect(include).toBeFocused();
    await page.keyboard.press('Space');
    await expect(include).not.toBeChecked();
    await expect(lines.getByRole('option', { selected: true })).toContainText(
      '17 flows · not in the policy',
    );
    await page.keyboard.press('Tab');
    await expect(panel.getByRole('button', { name: 'Show in Egress' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: /Egress/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const row = page.getByRole('row').filter({ hasText: 'reviews-v3' });
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(row.getByRole('checkbox', { name: 'Include' })).not.toBeChecked();
  });

  test('hovering the workload shows its owner, labels, ports, Services and flows', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    const canvas = region.getByTestId('topology-canvas');
    await expect
      .poll(async () => (await census(page, canvas)).blue, { timeout: 15_000 })
      .toBeGreaterThan(50);
    const blue = (await census(page, canvas)).blueAt!;
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + blue.x, box.y + blue.y);
    const card = region.getByTestId('topology-hover');
    await expect(card).toContainText('Deployment productpage-v1');
    await expect(card).toContainText('Namespace bookinfo');
    await expect(card).toContainText('Listening ports 9080/TCP');
    await expect(card).toContainText('Services bookinfo/productpage');
    await expect(card).toContainText('app=productpage');
    await expect(card).toContainText('Flows out 226 · in 87');
    await expect(card).toContainText('First seen 2021-11-10');
  });

  test('exports the picture as a PNG, searches to focus, switches to the namespace view', async ({
    page,
  }) => {
    const region = await openProductpageTopology(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      region.getByRole('button', { name: 'Export PNG' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('topology-productpage-v1.png');
    const bytes = await (await download.createReadStream()).toArray();
    const png = Buffer.concat(bytes);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(5_000);

    await region.getByRole('searchbox', { name: 'Search nodes' }).fill('coredns');
    await region.getByRole('button', { name: 'Focus' }).click();
    await expect(region.getByText('1 match')).toBeVisible();

    await region.getByLabel('Namespace bookinfo').check();
    // Every bookinfo workload and its peers: 6 workloads, coredns, 2 IPs.
    await expect(region.getByRole('status').last()).toContainText('9 entities');
  });
});

test('the 500-entity, 2,000-line namespace view draws and pans (benchmark fixture)', async ({
  page,
}) => {
  await page.goto('./bench/topology/?nodes=500&edges=2000');
  const section = page.getByRole('region', { name: 'Topology' });
  await expect(section).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(section).toHaveAttribute('data-nodes', '500');
  await expect(section).toHaveAttribute('data-edges', '2000');
  const canvas = section.getByTestId('topology-canvas');
  const before = await census(page, canvas);
  expect(before.white / before.total).toBeGreaterThan(0.3);
  expect(before.black).toBeGreaterThan(2_000);
  expect(before.red).toBeGreaterThan(200);
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 250, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect
    .poll(async () => (await census(page, canvas)).redAt!.x - before.redAt!.x, { timeout: 10_000 })
    .toBeGreaterThan(100);
});
