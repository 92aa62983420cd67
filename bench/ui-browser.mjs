/**
 * The UI path in Chromium on the synthetic capture: the built app (build/, served under a
 * sub-path) imports the cluster dump and the flows through "Import files", then measures, inside
 * the page, the time from a scope change (choosing a workload) to its table painted, and from an
 * Include toggle to the regenerated policy YAML (the review's status says "All changes saved"
 * only once the worker's new YAML is in place). Targets: under 200 ms each (median).
 *
 *   node bench/ui-browser.mjs --flows bench/data/hubble-1000000-s42.jsonl --dump bench/data/cluster-s42.json
 *
 * `npm run bench` runs it through bench/sections/60-ui-browser.mjs on the largest size.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureBuild, launchChromium, serveBuild } from './browser.mjs';

const TARGET_MS = 200;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs) => ({
  medianMs: Math.round(median(xs)),
  maxMs: Math.round(Math.max(...xs)),
  samplesMs: xs.map((x) => Math.round(x)),
});

/** In the page: change a <select>, then wait for `done()` and two frames (painted). */
function timeSelect(select, { value, tableLabel, rows }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const deadline = t0 + 30_000;
    const check = () => {
      const table = document.querySelector(`[role="table"][aria-label="${tableLabel}"]`);
      const ready =
        table &&
        Number(table.getAttribute('aria-rowcount')) === rows + 1 &&
        table.querySelectorAll('[role="row"]').length > 1;
      if (ready)
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      else if (performance.now() > deadline)
        reject(new Error(`table ${tableLabel} never showed ${rows} rows`));
      else requestAnimationFrame(check);
    };
    check();
  });
}

/** In the page: click an Include checkbox, wait for "Saving…" then "All changes saved" painted. */
function timeToggle(checkbox) {
  return new Promise((resolve, reject) => {
    const status = document.querySelector('[role="tablist"] [role="status"]');
    const t0 = performance.now();
    let sawSaving = false;
    checkbox.click();
    const check = () => {
      const text = status?.textContent?.trim();
      if (text !== 'All changes saved') sawSaving = true;
      if (sawSaving && text === 'All changes saved') {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      } else if (performance.now() - t0 > 30_000) reject(new Error('the policy never updated'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

async function importCapture(page, dump, flows) {
  const t0 = Date.now();
  await page.getByLabel('Import files').setInputFiles([dump, flows]);
  await page.getByRole('progressbar').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page
    .getByRole('progressbar')
    .first()
    .waitFor({ state: 'detached', timeout: 30 * 60_000 });
  await page.waitForFunction(
    () => document.querySelectorAll('[role="progressbar"]').length === 0,
    null,
    {
      timeout: 30 * 60_000,
      polling: 500,
    },
  );
  const failed = await page.locator('.row.failed').count();
  if (failed > 0) throw new Error(`${failed} import(s) failed in the browser`);
  return Date.now() - t0;
}

/** The workloads with the most rows, from the Workload combobox ("ns/name — 12 in, 30 out"). */
async function biggestWorkloads(page, n) {
  const box = page.getByRole('combobox', { name: 'Workload' });
  // After the flows import the list is asked again; wait for rows counted from traffic.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('option')].some((o) =>
        /— [1-9]\d* in,/.test(o.textContent ?? ''),
      ),
    null,
    { timeout: 300_000 },
  );
  const options = await box
    .locator('option')
    .evaluateAll((els) => els.map((o) => ({ value: o.value, text: o.textContent ?? '' })));
  return options
    .map((o) => {
      const m = /— (\d+) in, (\d+) out$/.exec(o.text.trim());
      return m ? { ...o, ingress: Number(m[1]), egress: Number(m[2]) } : null;
    })
    .filter((o) => o && o.ingress > 0)
    .sort((a, b) => b.ingress + b.egress - (a.ingress + a.egress))
    .slice(0, n);
}

export async function measureUi({ flows, dump, repeat = 5, log = () => {} }) {
  ensureBuild();
  const server = await serveBuild('/bench-ui/');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    log(`importing ${(statSync(flows).size / 1e6).toFixed(0)} MB of flows in the browser …`);
    const importMs = await importCapture(page, dump, flows);
    log(`imported in ${(importMs / 1000).toFixed(1)} s`);
    const workloads = await biggestWorkloads(page, repeat);
    const select = await page.getByRole('combobox', { name: 'Workload' }).elementHandle();
    const scope = [];
    for (const w of workloads) {
      await select.evaluate((el) => {
        el.value = '';
        el.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await page.getByText('Choose a workload to review.').waitFor();
      scope.push(
        await select.evaluate(timeSelect, {
          value: w.value,
          tableLabel: 'Ingress communications',
          rows: w.ingress,
        }),
      );
    }
    // The biggest workload again, for the toggles and the DOM size.
    const big = workloads[0];
    await select.evaluate(timeSelect, {
      value: big.value,
      tableLabel: 'Ingress communications',
      rows: big.ingress,
    });
    const renderedRows = await page.locator('[role="table"] [role="row"]').count();
    const toggles = [];
    for (let i = 0; i < repeat; i++) {
      const box = await page
        .getByRole('checkbox', { name: 'Include' })
        .nth(i % 3)
        .elementHandle();
      toggles.push(await box.evaluate(timeToggle));
    }
    const t0 = Date.now();
    await page.getByRole('tab', { name: /Generated Policy/ }).click();
    await page.getByRole('region', { name: 'Generated policy YAML' }).waitFor();
    const policyTabMs = Date.now() - t0;
    const scopeStats = stats(scope);
    const toggleStats = stats(toggles);
    return {
      flowsFile: flows,
      importMs,
      biggestWorkload: { name: big.value, ingress: big.ingress, egress: big.egress },
      renderedRows,
      scopeToTable: scopeStats,
      toggleToYaml: toggleStats,
      policyTabMs,
      targetMs: TARGET_MS,
      targetsMet: scopeStats.medianMs < TARGET_MS && toggleStats.medianMs < TARGET_MS,
    };
  } finally {
    await browser.close();
    server.stop();
  }
}

export function printUi(r) {
  return [
    `browser import of ${r.flowsFile.split('/').pop()}: ${(r.importMs / 1000).toFixed(1)} s`,
    `scope change → table painted: median ${r.scopeToTable.medianMs} ms, max ${r.scopeToTable.maxMs} ms (${r.scopeToTable.samplesMs.join(', ')})`,
    `include toggle → YAML updated: median ${r.toggleToYaml.medianMs} ms, max ${r.toggleToYaml.maxMs} ms (${r.toggleToYaml.samplesMs.join(', ')})`,
    `biggest workload ${r.biggestWorkload.name}: ${r.biggestWorkload.ingress} in / ${r.biggestWorkload.egress} out, ${r.renderedRows} rows in the DOM; Generated Policy tab ${r.policyTabMs} ms`,
    `targets (< ${r.targetMs} ms median): ${r.targetsMet ? 'met' : 'MISSED'}`,
  ].join('\n');
}

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flows = arg('flows');
  const dump = arg('dump');
  if (!flows || !dump) {
    process.stderr.write(
      'usage: node bench/ui-browser.mjs --flows <hubble.jsonl> --dump <cluster.json>\n',
    );
    process.exit(1);
  }
  const r = await measureUi({ flows, dump, log: (m) => process.stderr.write(`${m}\n`) });
  process.stdout.write(`${printUi(r)}\n${JSON.stringify(r)}\n`);
}
