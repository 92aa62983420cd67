/**
 * The review interactions bench/ui-review.mjs times, each run in the page from the user's
 * action (a click, a changed <select>, typed text) on:
 *
 * - `table`: the table painted (two frames after the action; for a choice, once the review's
 *   status leaves "Loading…": the rows are in);
 * - `yaml`: the regenerated policy in place — the review's status leaves "Saving…"/"Loading…"
 *   (the worker's new YAML is on screen then);
 * - `verified`: the status reads "All changes saved" (the verification of that YAML is in place
 *   too; before the verification ran after the YAML, both came together);
 * - `painted`: with the Generated Policy tab open, the YAML view shows the new YAML and a frame
 *   has been painted since (its region's `data-revision` changed, then one more frame): the
 *   layout of the text is in this time, not in `yaml`.
 *
 * The status's text changes are recorded by a MutationObserver, so no short state is missed.
 */

/** The review's status: "Loading…", "Saving…", "All changes saved". */
export const STATUS = '#review .bar > [role="status"]';

/**
 * In the page: act on `el`, then wait as `settle` says; the times from the action (ms). With
 * `settle: 'choice'` (a workload or namespace chosen): `table` once the rows are in, `yaml` once
 * the policy is written ("Generating…" gone; an app without that status has no `yaml`), and
 * `verified` once the status has read "All changes saved" for `quietMs` — between the rows and
 * the YAML an app without "Generating…" reads "All changes saved" too, for a while (an alias
 * saved is settled so too: its rows come again first).
 */
export function watch(el, { kind, value, settle, status: selector, quietMs = 1500 }) {
  const status = document.querySelector(selector);
  const revision = () =>
    document.querySelector('[aria-label="Generated policy YAML"]')?.getAttribute('data-revision');
  const shown = revision();
  const busy = (t) => t === 'Saving…' || t === 'Loading…';
  const changes = [];
  const observer = new MutationObserver(() =>
    changes.push({ t: performance.now(), text: status.textContent.trim() }),
  );
  observer.observe(status, { subtree: true, characterData: true, childList: true });
  const t0 = performance.now();
  if (kind === 'click') el.click();
  else if (kind === 'keys')
    el.dispatchEvent(new KeyboardEvent('keydown', { ...value, bubbles: true, cancelable: true }));
  else if (kind === 'enter')
    el.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
    );
  else {
    el.value = value;
    el.dispatchEvent(new Event(kind === 'select' ? 'change' : 'input', { bubbles: true }));
  }
  return new Promise((resolve, reject) => {
    if (settle === 'painted') {
      observer.disconnect();
      const check = () => {
        if (revision() !== shown)
          requestAnimationFrame(() => resolve({ painted: performance.now() - t0 }));
        else if (performance.now() - t0 > 120_000) reject(new Error('the YAML never changed'));
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
      return;
    }
    if (settle === 'frames') {
      observer.disconnect();
      requestAnimationFrame(() =>
        requestAnimationFrame(() => resolve({ table: performance.now() - t0 })),
      );
      return;
    }
    const choice = () => {
      const text = status.textContent.trim();
      const last = changes.at(-1);
      const asked = changes.findIndex((c) => c.text === 'Loading…');
      const loaded = changes.findIndex((c, i) => i > asked && c.text !== 'Loading…');
      if (
        asked >= 0 &&
        loaded >= 0 &&
        text === 'All changes saved' &&
        performance.now() - last.t > quietMs
      ) {
        observer.disconnect();
        const after = changes.slice(loaded);
        const written = after.findIndex((c) => c.text === 'Generating…');
        const yaml =
          written >= 0 ? after.slice(written).find((c) => c.text !== 'Generating…') : null;
        resolve({
          table: changes[loaded].t - t0,
          ...(yaml ? { yaml: yaml.t - t0 } : {}),
          verified: last.t - t0,
        });
      } else if (performance.now() - t0 > 120_000) {
        observer.disconnect();
        reject(new Error(`the review never settled (status: ${text})`));
      } else setTimeout(choice, 50);
    };
    if (settle === 'choice') {
      setTimeout(choice, 50);
      return;
    }
    const check = () => {
      const sawBusy = changes.findIndex((c) => busy(c.text));
      const text = status.textContent.trim();
      if (sawBusy >= 0 && text === 'All changes saved') {
        observer.disconnect();
        const done = performance.now() - t0;
        const left = changes.slice(sawBusy).find((c) => !busy(c.text));
        const yaml = (left?.t ?? performance.now()) - t0;
        // The table is painted once the rows are in ("Loading…" gone), whatever the policy does.
        requestAnimationFrame(() =>
          resolve(settle === 'table' ? { table: yaml } : { yaml, verified: done }),
        );
      } else if (performance.now() - t0 > 120_000) {
        observer.disconnect();
        reject(new Error(`the review never settled (status: ${text})`));
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

/** In the page: scroll the table's viewport top to bottom in `steps` frames; frame intervals. */
function scrollFrames({ label, steps }) {
  const viewport = document.querySelector(
    `[role="table"][aria-label="${label}"] [role="rowgroup"][style*="overflow"]`,
  );
  return new Promise((resolve) => {
    const gaps = [];
    let last = performance.now();
    let i = 0;
    const frame = (now) => {
      gaps.push(now - last);
      last = now;
      viewport.scrollTop = ((i + 1) / steps) * (viewport.scrollHeight - viewport.clientHeight);
      if (++i < steps) requestAnimationFrame(frame);
      else resolve(gaps.slice(1));
    };
    requestAnimationFrame(frame);
  });
}

/** Per page, how many times its bulk decision was undone or redone (-1: not taken yet). */
const primed = new WeakMap();

const settled = (page) =>
  page.locator(STATUS).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 300_000 });

const timed = async (locator, arg) =>
  (await locator.elementHandle()).evaluate(watch, { ...arg, status: STATUS });

/** Frame intervals while scrolling the table `label` top to bottom. */
export async function scrollFramesOf(page, label) {
  await page.getByRole('tab', { name: /^Egress/ }).click();
  await settled(page);
  return page.evaluate(scrollFrames, { label, steps: 120 });
}

/**
 * Chooses `value` (a namespace, or the text of a Workload option; '' for none), timed as `settle`
 * says (watch): a namespace from its <select>; a workload by typing its option's text into the
 * Workload combobox, the Enter that picks it timed.
 */
async function choose(page, target, value, settle = 'table') {
  if (target.kind === 'namespace') {
    const select = page.getByRole('combobox', { name: 'Namespace' });
    if (value === '') return select.selectOption('');
    return timed(select, { kind: 'select', value, settle });
  }
  const box = page.getByRole('combobox', { name: 'Workload' });
  await box.click();
  await box.fill(value === '' ? 'Choose a' : value);
  await page.getByRole('listbox').getByRole('option').first().waitFor();
  if (value === '') return box.press('Enter');
  return timed(box, { kind: 'enter', settle });
}

/** Imports `files` by the page's file input; resolves once every import is done, throws if one failed. */
export async function importFiles(page, files) {
  await page.getByLabel('Import files').setInputFiles(files);
  await page.getByRole('progressbar').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction(
    () => document.querySelectorAll('[role="progressbar"]').length === 0,
    null,
    { timeout: 30 * 60_000, polling: 500 },
  );
  const failed = await page.locator('.row.failed').count();
  if (failed > 0) throw new Error(`${failed} import(s) failed in the browser`);
}

/** The text of the Workload option of the workload with `rows` rows (its "… out" count). */
export async function workloadWithRows(page, rows) {
  const box = page.getByRole('combobox', { name: 'Workload' });
  await box.click();
  await box.fill(`${rows} out`);
  const option = page.getByRole('option', { name: `${rows} out` });
  await option.waitFor({ timeout: 300_000 });
  const value = (await option.textContent()).trim();
  await box.press('Escape');
  return value;
}

const nothingChosen = (page) =>
  page.getByText(/^Choose a (namespace or a )?workload to review\.$/).first();

/**
 * A fresh page on the same data: nothing chosen (so the reload restores no review), then
 * reloaded — a new page and worker over the same IndexedDB, the import not redone — and left
 * a second once its scope lists are in (what a user sees before choosing).
 */
export async function freshPage(page, target) {
  await choose(page, target, '');
  await nothingChosen(page).waitFor();
  await page.waitForTimeout(500); // the empty scope saved
  await page.reload();
  await nothingChosen(page).waitFor({ timeout: 300_000 });
  await page
    .getByRole('combobox', { name: 'Namespace' })
    .locator('option')
    .nth(1)
    .waitFor({ state: 'attached', timeout: 300_000 });
  await page.waitForTimeout(1000);
}

/**
 * The steps for a target (`{kind: 'workload' | 'namespace', value}`): each `{name, run(page, i)}`
 * resolving to `{what: ms}` (an empty object when the interaction does not apply there).
 */
export function interactions(target) {
  const egress = (page) => page.getByRole('table', { name: 'Egress communications' });
  return [
    {
      // Every round on a fresh page: the engine makes the rows, the page renders its first
      // table and the worker writes and verifies the policy for the first time.
      name: 'first choice',
      async run(page, _i, { fresh = true } = {}) {
        if (fresh) await freshPage(page, target);
        const r = await choose(page, target, target.value, 'choice');
        await page.getByRole('tab', { name: /^Egress/ }).click();
        await egress(page).getByRole('row').nth(1).waitFor();
        return r;
      },
    },
    {
      // Nothing chosen, then the target again (the rows may be kept on either side).
      name: 'choose again',
      async run(page) {
        await choose(page, target, '');
        await nothingChosen(page).waitFor();
        const r = await choose(page, target, target.value);
        await page.getByRole('tab', { name: /^Egress/ }).click();
        await egress(page).getByRole('row').nth(1).waitFor();
        return r;
      },
    },
    {
      name: 'include/exclude one row',
      run: (page, i) =>
        timed(
          egress(page)
            .getByRole('checkbox', { name: 'Include' })
            .nth(i % 3),
          {
            kind: 'click',
            settle: 'policy',
          },
        ),
    },
    {
      name: 'bulk include/exclude',
      run: (page, i) =>
        timed(
          page.getByRole('button', {
            name: i % 2 === 0 ? 'Exclude shown rows' : 'Include shown rows',
          }),
          { kind: 'click', settle: 'policy' },
        ),
    },
    {
      // A bulk decision undone and redone (Ctrl+Z, Ctrl+Shift+Z) with the Generated Policy tab
      // open: the time until the YAML view has painted the new text. A page's first round
      // excludes, then includes the shown rows on the Egress tab first (not timed): that
      // inclusion is undone, then redone, in turn.
      name: 'bulk, YAML shown (undo/redo)',
      async run(page) {
        const n = primed.get(page) ?? -1;
        primed.set(page, n + 1);
        if (n < 0) {
          await page.getByRole('tab', { name: /^Egress/ }).click();
          for (const name of ['Exclude shown rows', 'Include shown rows']) {
            await page.getByRole('button', { name }).click();
            await settled(page);
          }
        }
        await page.getByRole('tab', { name: /Generated Policy/ }).click();
        await page.getByRole('region', { name: 'Generated policy YAML' }).waitFor();
        await settled(page);
        const r = await timed(page.locator('body'), {
          kind: 'keys',
          value: { key: n % 2 !== 0 ? 'z' : 'Z', ctrlKey: true, shiftKey: n % 2 === 0 },
          settle: 'painted',
        });
        await settled(page);
        await page.getByRole('tab', { name: /^Egress/ }).click();
        return r;
      },
    },
    {
      name: 'sort',
      run: (page, i) =>
        timed(egress(page).getByRole('button', { name: i % 2 === 0 ? /^Peer/ : /^Flows/ }), {
          kind: 'click',
          settle: 'frames',
        }),
    },
    {
      name: 'search',
      run: (page, i) =>
        timed(page.getByRole('searchbox', { name: 'Search egress' }), {
          kind: 'input',
          value: i % 2 === 0 ? (target.kind === 'workload' ? '198.18.1' : 'svc') : '',
          settle: 'frames',
        }),
    },
    {
      name: 'general rule',
      async run(page, i) {
        const radio = page.getByRole('radio', {
          name: i % 2 === 0 ? 'Allow all' : 'Block all',
          exact: true,
        });
        if ((await radio.count()) === 0 || (await radio.isDisabled())) return {};
        return timed(radio, { kind: 'click', settle: 'policy' });
      },
    },
    {
      name: 'alias save',
      async run(page, i) {
        await page.getByRole('tab', { name: /^Unresolved IPs/ }).click();
        const buttons = page
          .getByRole('table', { name: 'Unresolved IPs' })
          .getByRole('button', { name: 'Alias' });
        if ((await buttons.count()) === 0) return {};
        await buttons.nth(i % 3).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Alias name').fill(`bench-${i}`);
        // Settled as a choice: the rows come again, then the policy is written — an app whose
        // status has no "Generating…" reads "All changes saved" while it is.
        const r = await timed(dialog.getByRole('button', { name: 'Save' }), {
          kind: 'click',
          settle: 'choice',
        });
        await dialog.waitFor({ state: 'hidden' });
        return { verified: r.verified };
      },
    },
  ];
}
