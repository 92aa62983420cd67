/**
 * The review table's scroll, before and after, in one run: the 10,000-row workload's Egress table
 * and the same rows as their namespace's table (grouped), scrolled top to bottom in 120 frames
 * (bench/ui-review-steps.mjs's `scrollFramesOf`, each frame a new window of rows) by this tree's
 * app and a baseline commit's, each in its own page, the scrolls alternating between the two so
 * both see the same load. Per app and table: the frame intervals of every scroll pooled (median,
 * p95, how many over 20 ms) and the page's main-thread time per frame (Chromium's
 * `Performance.getMetrics`: task, script, layout, style), with the load average sampled during
 * the run. Cheaper than ui-review's whole run when only the scroll changed.
 *
 * With `--trace`, one more scroll per app and table traced: the renderer main thread's self time
 * per trace event, per frame.
 *
 *   node bench/ui-scroll.mjs --commit <before> [--after-commit <after; default: build/>] [--rounds 6] [--trace]
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureBuild, launchChromium, serveBuild } from './browser.mjs';
import { commitBuild } from './ui-review.mjs';
import { importFiles, scrollFramesOf, workloadWithRows } from './ui-review-steps.mjs';
import { writeRowsCapture } from './ui-rows.mjs';

const SAMPLES = join(ROOT, 'static/samples');
const ROWS = 10_000;
const METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function metrics(cdp) {
  const { metrics: all } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(
    all.filter((m) => METRICS.includes(m.name)).map((m) => [m.name, m.value]),
  );
}

/** A page of `url` with the 10,000 rows imported, and the workload's option text. */
async function open(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await importFiles(page, [
    join(SAMPLES, 'bookinfo-kind_cluster-dump.json'),
    writeRowsCapture(ROWS),
  ]);
  const workload = await workloadWithRows(page, ROWS);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp, workload };
}

/** Chooses the workload (its option's text) or the namespace `value`; its Egress table shown. */
async function choose(page, kind, value) {
  if (kind === 'namespace') {
    await page.getByRole('combobox', { name: 'Namespace' }).selectOption(value);
  } else {
    const box = page.getByRole('combobox', { name: 'Workload' });
    await box.click();
    await box.fill(value);
    await page.getByRole('option', { name: value }).first().click();
  }
  await page.getByRole('tab', { name: /^Egress/ }).click();
  const table = page.getByRole('table', { name: 'Egress communications' });
  await table.and(page.locator(`[aria-rowcount="${ROWS + 1}"]`)).waitFor({ timeout: 300_000 });
}

/** One scroll top to bottom: its frame intervals and the main thread's time spent meanwhile. */
async function scroll({ page, cdp }) {
  const label = 'Egress communications';
  await page.evaluate((l) => {
    const viewport = document.querySelector(
      `[role="table"][aria-label="${l}"] [role="rowgroup"][style*="overflow"]`,
    );
    viewport.scrollTop = 0;
  }, label);
  await page.waitForTimeout(300);
  const before = await metrics(cdp);
  const gaps = await scrollFramesOf(page, label);
  const after = await metrics(cdp);
  return {
    gaps,
    spent: Object.fromEntries(METRICS.map((m) => [m, (after[m] - before[m]) * 1000])),
  };
}

/**
 * One scroll traced (Chromium's timeline categories): the renderer main thread's time per event
 * name (self time: an event's duration less its children's), per frame, the largest first.
 */
async function traced(browser, app) {
  await browser.startTracing(app.page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8'],
  });
  const { gaps } = await scroll(app);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  const main = names.find((e) => e.args.name === 'CrRendererMain');
  const mine = events
    .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self times: nest each event in the innermost open one.
  const self = new Map();
  const open = [];
  for (const e of mine) {
    while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) open.pop();
    if (open.length) self.set(open.at(-1).name, (self.get(open.at(-1).name) ?? 0) - e.dur);
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur);
    open.push(e);
  }
  const frames = gaps.length + 1;
  return [...self]
    .filter(([, us]) => us / frames > 50)
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => `${name} ${(us / 1000 / frames).toFixed(2)}`)
    .join(', ');
}

const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const rounds = Number(arg('rounds', 6));
const commit = arg('commit');
if (!commit) {
  process.stderr.write(
    'usage: node bench/ui-scroll.mjs --commit <before> [--after-commit <after>] [--rounds 6]\n',
  );
  process.exit(1);
}
const afterCommit = arg('after-commit');
if (!afterCommit) ensureBuild();
const builds = {
  before: commitBuild(commit),
  after: afterCommit ? commitBuild(afterCommit) : 'build',
};
const load = [loadavg()[0]];
const sampler = setInterval(() => load.push(loadavg()[0]), 5_000);
const servers = {};
for (const [label, dir] of Object.entries(builds))
  servers[label] = await serveBuild(`/bench-${label}/`, dir);
const browser = await launchChromium();
try {
  const apps = {};
  for (const label of Object.keys(servers)) apps[label] = await open(browser, servers[label].url);
  const lines = [];
  for (const kind of ['workload', 'namespace']) {
    const results = {};
    for (const [label, app] of Object.entries(apps)) {
      const value = kind === 'workload' ? app.workload : 'bookinfo';
      await choose(app.page, kind, value);
      results[label] = {
        gaps: [],
        frames: 0,
        spent: Object.fromEntries(METRICS.map((m) => [m, 0])),
      };
    }
    for (let i = 0; i < rounds; i++) {
      for (const [label, app] of Object.entries(apps)) {
        const r = await scroll(app);
        results[label].gaps.push(...r.gaps);
        results[label].frames += r.gaps.length + 1;
        for (const m of METRICS) results[label].spent[m] += r.spent[m];
      }
    }
    if (process.argv.includes('--trace')) {
      for (const [label, app] of Object.entries(apps))
        lines.push(`  ${label} trace, main thread ms per frame: ${await traced(browser, app)}`);
    }
    lines.push(
      `${kind === 'workload' ? 'workload, 10,000 rows' : 'namespace bookinfo (grouped)'}:`,
    );
    for (const [label, r] of Object.entries(results)) {
      const per = (m) => (r.spent[m] / r.frames).toFixed(2);
      lines.push(
        `  ${label.padEnd(6)} frame median / p95 ${Math.round(pct(r.gaps, 0.5))} / ${Math.round(pct(r.gaps, 0.95))} ms, ` +
          `${r.gaps.filter((g) => g > 20).length} of ${r.gaps.length} over 20 ms; per frame: task ${per('TaskDuration')}, ` +
          `script ${per('ScriptDuration')}, layout ${per('LayoutDuration')}, style ${per('RecalcStyleDuration')} ms`,
      );
    }
  }
  lines.unshift(
    `load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} (mean ${(load.reduce((a, b) => a + b) / load.length).toFixed(1)}) on ${cpus().length} cores; before = ${commit}, after = ${afterCommit ?? 'build/'}; ${rounds} scrolls each`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  clearInterval(sampler);
  await browser.close();
  for (const s of Object.values(servers)) s.stop();
}
