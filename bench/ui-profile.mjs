/**
 * A DevTools CPU profile of one review interaction, in Chromium on this tree's build/: the page's
 * main thread and the engine's worker are sampled (the Chrome DevTools Protocol's `Profiler`)
 * while bench/ui-review-steps.mjs's step runs `--rounds` times on the 10,000-row workload of
 * bench/ui-rows.mjs (or its namespace's table with `--namespace`; `--step first`: the first
 * choice, every round on a fresh page — reloaded, its new worker profiled from before the
 * choice, the rounds' profiles of a thread joined). Prints, per thread, the
 * functions with the most self time and the busy time; writes each thread's `.cpuprofile`
 * (DevTools' Performance panel opens it) into `--out` (default bench/results/). Function names
 * read best in a build without minification (`npx vite build --minify false`, served with
 * `--app <its folder>`). With `--each` (not for `first`) every round is also profiled and
 * summarised on its own: which round is the slow one, and where its time went.
 *
 * `--before bulk,rule,alias`: those steps run first (7 rounds each, not profiled), as the bench
 * runs them before the profiled one; a scroll lists its late frames (over 20 ms) by place.
 *
 *   node bench/ui-profile.mjs --step include|bulk|shown|first|choose|sort|search|rule|alias|scroll
 *        [--namespace] [--rounds 5] [--each] [--before steps] [--top 25] [--app build] [--out DIR]
 *        [--idle ms]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureBuild, launchChromium, serveBuild } from './browser.mjs';
import { writeRowsCapture } from './ui-rows.mjs';
import {
  freshPage,
  importFiles,
  interactions,
  scrollFramesOf,
  workloadWithRows,
} from './ui-review-steps.mjs';

const SAMPLES = join(ROOT, 'static/samples');
const STEPS = {
  first: /^first choice/,
  choose: /^choose again/,
  include: /^include/,
  bulk: /^bulk include/,
  shown: /^bulk, YAML shown/,
  sort: /^sort/,
  search: /^search/,
  rule: /^general/,
  alias: /^alias/,
};

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/**
 * The engine worker's own CDP session, reached through the page's session (targets attached
 * without flattening, so their messages go through Target.sendMessageToTarget). `current()`:
 * the workers attached now (a reloaded page has new ones).
 */
async function workerSessions(cdp) {
  let sessions = [];
  const pending = new Map();
  let id = 0;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.push({ id: e.sessionId, info: e.targetInfo });
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    sessions = sessions.filter((s) => s.id !== e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  await new Promise((r) => setTimeout(r, 500));
  const send = (sessionId, method, params = {}) =>
    new Promise((resolve, reject) => {
      const mid = ++id;
      pending.set(mid, { resolve, reject });
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: mid, method, params }),
      });
    });
  return () =>
    sessions.map((s) => ({
      name: `worker ${s.info.url.split('/').pop().split('-')[0]}`,
      send: (method, params) => send(s.id, method, params),
    }));
}

/** A thread's profiles of several rounds as one (their samples one after another). */
function joinProfiles(profiles) {
  const nodes = [];
  const samples = [];
  const timeDeltas = [];
  let offset = 0;
  let end = profiles[0].startTime;
  for (const p of profiles) {
    for (const n of p.nodes)
      nodes.push({ ...n, id: n.id + offset, children: n.children?.map((c) => c + offset) });
    samples.push(...p.samples.map((x) => x + offset));
    // The first sample's delta from where the profile before ended: one timeline.
    timeDeltas.push(p.timeDeltas[0] + p.startTime - end, ...p.timeDeltas.slice(1));
    offset += Math.max(...p.nodes.map((n) => n.id));
    end = p.endTime;
  }
  return { ...profiles[0], nodes, samples, timeDeltas, endTime: end };
}

async function start(threads) {
  for (const t of threads) {
    await t.send('Profiler.enable');
    await t.send('Profiler.setSamplingInterval', { interval: 200 });
    await t.send('Profiler.start');
  }
}

/** Stops the threads' profilers; their profiles joined to those of the same names in `into`. */
async function stop(threads, into) {
  for (const t of threads) {
    const { profile } = await t.send('Profiler.stop');
    (into[t.name] ??= []).push(profile);
  }
}

const frameName = (f) =>
  `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop() : ''}:${f.lineNumber + 1}`;

/**
 * Self and total time per function (ms; total: the samples with the function anywhere on the
 * stack), the busiest first, and the busy total (idle and program aside).
 */
function summarise(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const dt = profile.timeDeltas;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const ms = (dt[i + 1] ?? 0) / 1000;
    if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') continue;
    busy += ms;
    const k = frameName(n.callFrame);
    self.set(k, (self.get(k) ?? 0) + ms);
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const name = frameName(byId.get(id).callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { busy, self: sorted(self), total: sorted(total) };
}

const browser = await launchChromium();
const app = arg('app');
if (!app) ensureBuild();
const server = await serveBuild('/bench-profile/', app ?? 'build');
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url);
  const rows = 10_000;
  await importFiles(page, [
    join(SAMPLES, 'bookinfo-kind_cluster-dump.json'),
    writeRowsCapture(rows),
  ]);
  const target = process.argv.includes('--namespace')
    ? { kind: 'namespace', value: 'bookinfo' }
    : { kind: 'workload', value: await workloadWithRows(page, rows) };
  const steps = interactions(target);
  const stepName = arg('step', 'include');
  const rounds = Number(arg('rounds', 5));
  const step = steps.find((s) => STEPS[stepName]?.test(s.name));
  const first = stepName === 'first';
  // The target chosen first (every step but a first choice starts from it).
  if (!first) await steps.find((s) => STEPS.choose.test(s.name)).run(page, 0);
  // `--idle <ms>`: the page left alone that long after the choice, as a user reading it would
  // be (the worker's idle warm-ups run then), before the profiled rounds.
  await page.waitForTimeout(Number(arg('idle', 0)));
  // `--before bulk,rule,alias`: those steps run first, 7 rounds each, unprofiled — the page and
  // worker as the bench's later steps find them (ui-review runs every step before the scroll).
  for (const name of (arg('before', '') || '').split(',').filter(Boolean)) {
    const earlier = steps.find((s) => STEPS[name]?.test(s.name));
    if (!earlier) throw new Error(`no step ${name}`);
    for (let i = 0; i < 7; i++) await earlier.run(page, i);
  }
  const cdp = await page.context().newCDPSession(page);
  const main = { name: 'main', send: (m, p) => cdp.send(m, p) };
  const workers = await workerSessions(cdp);
  const profiles = {};
  const times = [];
  // `--each`: every round profiled and summarised on its own (which round is the slow one, and why).
  const each = process.argv.includes('--each');
  const rounded = [];
  if (!first && !each) await start([main, ...workers()]);
  for (let i = 0; i < rounds; i++) {
    if (each && !first) await start([main, ...workers()]);
    if (stepName === 'scroll') {
      const gaps = await scrollFramesOf(page, 'Egress communications');
      // Which frames were late (their place in the scroll), and how late.
      const late = gaps.flatMap((g, at) => (g > 20 ? [`#${at} ${Math.round(g)}`] : []));
      gaps.sort((a, b) => a - b);
      times.push({ p95frame: Math.round(gaps[Math.floor(gaps.length * 0.95)]), late });
    } else if (first) {
      // The fresh page made here, its threads profiled from before the choice alone.
      await freshPage(page, target);
      const threads = [main, ...workers()];
      await start(threads);
      times.push(await step.run(page, i, { fresh: false }));
      await stop(threads, profiles);
    } else times.push(await step.run(page, i + 1));
    if (each && !first) {
      const one = {};
      await stop([main, ...workers()], one);
      rounded.push(one);
      for (const [name, list] of Object.entries(one)) (profiles[name] ??= []).push(...list);
    }
  }
  if (!first && !each) await stop([main, ...workers()], profiles);
  const out = arg('out', join(ROOT, 'bench/results'));
  mkdirSync(out, { recursive: true });
  console.log(`${stepName} on ${target.kind} ${target.value}, ${rounds} rounds:`, times);
  rounded.forEach((one, i) => {
    for (const [name, list] of Object.entries(one)) {
      const { busy, self } = summarise(list[0], Number(arg('top', 25)));
      console.log(`\nround ${i + 1}, ${name}: busy ${busy.toFixed(0)} ms; self time:`);
      for (const [k, ms] of self.slice(0, 12))
        console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
    }
  });
  for (const [name, list] of Object.entries(profiles)) {
    const profile = joinProfiles(list);
    const file = join(out, `profile-${stepName}-${name.replace(/\W+/g, '_')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const { busy, self, total } = summarise(profile, Number(arg('top', 25)));
    console.log(`\n${name}: busy ${busy.toFixed(0)} ms (${file})\n self time:`);
    for (const [k, ms] of self) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
    console.log(' total time (on the stack):');
    for (const [k, ms] of total) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
  }
} finally {
  await browser.close();
  server.stop();
}
