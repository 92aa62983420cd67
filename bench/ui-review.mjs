/**
 * Review at scale, before and after, in one run: every review interaction timed in Chromium on
 * a workload with 10,000 communications (bench/ui-rows.mjs's capture with the bookinfo dump),
 * on the same rows as their namespace's table (grouped by workload), and on the whole-namespace
 * table of the synthetic cluster with the most egress rows (the largest capture) — by this
 * tree's app and by the app of a baseline commit (extracted with `git archive` into the system's
 * temporary folder and built there), each in its own page, the rounds alternating between the
 * two so both see the same load.
 *
 * Per interaction: median and p95 of the time to the table painted (choose, sort, search), to
 * the YAML in place (the review's status leaves "Saving…"/"Loading…"), and to the verification
 * in place ("All changes saved"); and the p95 frame while scrolling the table top to bottom.
 * The first choice of the target is timed on a fresh page every round (reloaded: a new page
 * and worker over the same IndexedDB), choosing it again apart.
 *
 *   node bench/ui-review.mjs --flows bench/data/hubble-1000000-s42.jsonl --dump bench/data/cluster-s42.json
 *        [--rounds 7] [--commit <before>] [--after-commit <after; default: this tree's build/>]
 *        [--steps 'bulk include,alias'] (only the steps whose names start so; the target is
 *        chosen first as always) [--per-round] (each round's figures too, on stderr). Without
 *        --flows and --dump, the 10,000 rows' two tables only.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, ensureBuild, launchChromium, serveBuild } from './browser.mjs';
import { commitTree, sh } from './commit-tree.mjs';
import { writeRowsCapture } from './ui-rows.mjs';
import {
  STATUS,
  importFiles,
  interactions,
  scrollFramesOf,
  watch,
  workloadWithRows,
} from './ui-review-steps.mjs';

/**
 * The review as it was before its last rounds of work (main before the first choice's round —
 * rows asked before the scope's lists, sent as JSON, the policy written from the rows' query —
 * and before decisions sent once and the windowed YAML view): the figures are those rounds'
 * before and after. Earlier rounds' baselines, with their figures, are in bench/README.md.
 */
export const BASELINE = '5ada209b661ca6eca8d0449303dbf40af163997a';
const SAMPLES = join(ROOT, 'static/samples');

/** The app of `commit`, built in the system's temporary folder (kept for the next run). */
export function commitBuild(commit = BASELINE) {
  const dir = commitTree(ROOT, commit, 'ui');
  if (existsSync(join(dir, 'build/index.html'))) return join(dir, 'build');
  process.stderr.write(`building the app of ${commit} …\n`);
  sh('npx svelte-kit sync && npx vite build', dir);
  return join(dir, 'build');
}

/** The namespace whose review has the most egress rows (asked of one page, by its Egress tab). */
async function biggestNamespace(page) {
  const select = page.getByRole('combobox', { name: 'Namespace' });
  const values = await select
    .locator('option')
    .evaluateAll((els) => els.map((o) => o.value).filter((v) => v !== ''));
  let best = { namespace: values[0], rows: -1 };
  await page.getByRole('tab', { name: /^Egress/ }).click();
  for (const ns of values) {
    // Through the review's status: the table read is this namespace's, not the one before.
    await (
      await select.elementHandle()
    ).evaluate(watch, {
      kind: 'select',
      value: ns,
      settle: 'policy',
      status: STATUS,
    });
    const table = page.getByRole('table', { name: 'Egress communications' });
    const rows =
      (await table.count()) === 0 ? 0 : Number(await table.getAttribute('aria-rowcount')) - 1;
    if (rows > best.rows) best = { namespace: ns, rows };
  }
  return best;
}

const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const summary = (xs) =>
  xs.length === 0
    ? null
    : { medianMs: Math.round(pct(xs, 0.5)), p95Ms: Math.round(pct(xs, 0.95)), n: xs.length };

/**
 * One scenario: both apps in their own page, data imported into each, then every interaction
 * `rounds` times, alternating pages.
 */
async function scenario(browser, servers, { files, prepare, steps, rounds, log }) {
  const pages = {};
  for (const [label, url] of Object.entries(servers)) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    const t0 = Date.now();
    await importFiles(page, files);
    log(`${label}: imported in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    pages[label] = page;
  }
  const target = await prepare(pages.after);
  const results = Object.fromEntries(Object.keys(pages).map((l) => [l, {}]));
  for (const step of steps(target)) {
    for (let i = 0; i < rounds; i++) {
      for (const [label, page] of Object.entries(pages)) {
        const r = await step.run(page, i);
        const into = (results[label][step.name] ??= {});
        for (const [what, ms] of Object.entries(r)) (into[what] ??= []).push(ms);
      }
    }
    log(`${step.name} done`);
    // `--per-round`: each round's figures (the p95 of 7 rounds is the slowest: which one it is).
    if (process.argv.includes('--per-round'))
      for (const l of Object.keys(pages))
        log(`${l} ${step.name} ${JSON.stringify(results[l][step.name])}`);
  }
  for (const label of Object.keys(pages)) {
    const page = pages[label];
    results[label].scroll = { frame: await scrollFramesOf(page, 'Egress communications') };
    await page.close();
  }
  const shaped = {};
  for (const [label, steps] of Object.entries(results)) {
    shaped[label] = Object.fromEntries(
      Object.entries(steps).map(([s, whats]) => [
        s,
        Object.fromEntries(Object.entries(whats).map(([w, xs]) => [w, summary(xs)])),
      ]),
    );
  }
  return { target, ...shaped };
}

export async function measureReview({
  flows,
  dump,
  rounds = 7,
  commit = BASELINE,
  afterCommit,
  only,
  log = () => {},
}) {
  // `only`: the steps whose names start with one of these (the target chosen first, as always).
  const chosen = (target) =>
    interactions(target).filter(
      (s) => !only || s.name === 'choose again' || only.some((o) => s.name.startsWith(o)),
    );
  if (!afterCommit) ensureBuild();
  const before = commitBuild(commit);
  const load = [loadavg()[0]];
  const sampler = setInterval(() => load.push(loadavg()[0]), 5_000);
  const servers = {
    before: await serveBuild('/bench-before/', before),
    after: await serveBuild('/bench-after/', afterCommit ? commitBuild(afterCommit) : 'build'),
  };
  const urls = { before: servers.before.url, after: servers.after.url };
  const browser = await launchChromium();
  try {
    const rows = 10_000;
    const tenK = await scenario(browser, urls, {
      files: [join(SAMPLES, 'bookinfo-kind_cluster-dump.json'), writeRowsCapture(rows)],
      prepare: async (page) => ({
        kind: 'workload',
        value: await workloadWithRows(page, rows),
        rows,
      }),
      steps: chosen,
      rounds,
      log: (m) => log(`10k rows: ${m}`),
    });
    // The 10,000 rows again, as their namespace's table (grouped by workload).
    const tenKNamespace = await scenario(browser, urls, {
      files: [join(SAMPLES, 'bookinfo-kind_cluster-dump.json'), writeRowsCapture(rows)],
      prepare: async () => ({ kind: 'namespace', value: 'bookinfo', rows }),
      steps: chosen,
      rounds,
      log: (m) => log(`10k rows, namespace table: ${m}`),
    });
    // Without a capture (`flows`), the two tables of the 10,000 rows only.
    const namespace = !flows
      ? null
      : await scenario(browser, urls, {
          files: [dump, flows],
          prepare: async (page) => {
            const best = await biggestNamespace(page);
            return { kind: 'namespace', value: best.namespace, rows: best.rows };
          },
          steps: chosen,
          rounds,
          log: (m) => log(`namespace table: ${m}`),
        });
    return {
      commit,
      flowsFile: flows,
      rounds,
      load: {
        min: Math.min(...load),
        max: Math.max(...load),
        mean: load.reduce((a, b) => a + b) / load.length,
      },
      tenK,
      tenKNamespace,
      namespace,
    };
  } finally {
    clearInterval(sampler);
    await browser.close();
    servers.before.stop();
    servers.after.stop();
  }
}

const fmt = (s) => (s ? `${s.medianMs} / ${s.p95Ms}` : '—');
const ratio = (b, a) =>
  b && a && a.medianMs > 0 ? `${(b.medianMs / a.medianMs).toFixed(1)}×` : '—';

/** The table: per interaction and what is waited for, before and after (median / p95 ms). */
export function printReview(r) {
  const lines = [
    `load average during the run: ${r.load.min.toFixed(1)}–${r.load.max.toFixed(1)} (mean ${r.load.mean.toFixed(1)}) on ${r.cores ?? cpus().length} cores; before = ${r.commit}`,
  ];
  const tables = [
    [`workload with ${r.tenK.target.rows.toLocaleString('en')} rows`, r.tenK],
    [
      `its namespace ${r.tenKNamespace.target.value}, the same rows grouped by workload`,
      r.tenKNamespace,
    ],
  ];
  if (r.namespace) {
    tables.push([
      `namespace ${r.namespace.target.value} (${r.namespace.target.rows.toLocaleString('en')} egress rows, ${r.flowsFile.split('/').pop()})`,
      r.namespace,
    ]);
  }
  for (const [title, s] of tables) {
    lines.push(`${title}: median / p95 ms, before → after (before ÷ after)`);
    for (const [step, whats] of Object.entries(s.after)) {
      for (const [what, a] of Object.entries(whats)) {
        const b = s.before[step]?.[what];
        lines.push(
          `  ${`${step} → ${what}`.padEnd(34)} ${fmt(b).padStart(11)} → ${fmt(a).padEnd(11)} ${ratio(b, a)}`,
        );
      }
    }
  }
  return lines.join('\n');
}

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flows = arg('flows');
  const dump = arg('dump');
  if (!flows !== !dump) {
    process.stderr.write(
      'usage: node bench/ui-review.mjs [--flows <hubble.jsonl> --dump <cluster.json>] [--rounds 7]\n',
    );
    process.exit(1);
  }
  const r = await measureReview({
    flows,
    dump,
    rounds: Number(arg('rounds') ?? 7),
    only: arg('steps')?.split(','),
    commit: arg('commit') ?? BASELINE,
    afterCommit: arg('after-commit'),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  process.stdout.write(`${printReview(r)}\n${JSON.stringify(r)}\n`);
}
