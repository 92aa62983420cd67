/**
 * Topology benchmark, in Chromium (Playwright's library, the e2e tests' browser and flags):
 * synthetic pictures (src/routes/bench/topology) served from build/ like the e2e tests
 * (bench/browser.mjs) — the namespace view of 500 entities / 2,000 lines, and the cluster view
 * (every namespace expanded, hulls drawn) of 500 / 2,000 and 5,000 / 20,000. Measures
 *  - layout: the layout in the layout worker (ms, as the page reports it: ForceAtlas2 for the
 *    namespace view, per-group layout + packing for the cluster view) and the wall time from
 *    navigation to the first drawn picture;
 *  - panning: the median and p95 frame interval (requestAnimationFrame) while the mouse drags
 *    the camera (frames between mouse down and up only), and the median time of sigma's render
 *    call (its CPU side; SwiftShader rasterises on the CPU too, inside the frame interval);
 *  - the GPU time of a frame of a moving camera and of a frame at rest, pass by pass (timer
 *    queries, bench/topology-passes.mjs), and the CPU time of the namespace hull overlay.
 * Before and after in one run: the app of a baseline commit (built once in the system's
 * temporary folder, as the review bench does) and this tree's build/ (built when it lacks the
 * fixture), alternating, with the load average during the run. Run alone:
 * `node bench/topology-browser.mjs [--repeat 3] [--commit <before>] [--after-commit <after>]
 * [--cases 0,2]` (indices in CASES)
 * (an after commit is built like the baseline, so the bench can run while build/ is rebuilt).
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureBuild, launchChromium, serveBuild } from './browser.mjs';
import { commitBuild } from './ui-review.mjs';
import { collect, instrument, timing } from './topology-passes.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.floor((s.length - 1) / 2)];
};
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
};
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);

/** Drags across the canvas; the frame intervals between mouse down and up. */
async function pan(page, box, { drags = 4, steps = 40 } = {}) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.netpolishBench.renders.length = 0;
    w.benchFrames = [];
    w.benchDragging = false;
    w.benchDone = false;
    let last = performance.now();
    const tick = (t) => {
      if (w.benchDragging) w.benchFrames.push(t - last);
      last = t;
      if (!w.benchDone) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const dragging = (on) => page.evaluate((v) => /** @type {any} */ (window.benchDragging = v), on);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (let i = 0; i < drags; i++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await dragging(true);
    await page.mouse.move(cx + (i % 2 ? -300 : 300), cy + (i < 2 ? 150 : -150), { steps });
    await dragging(false);
    await page.mouse.up();
  }
  return page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.benchDone = true;
    return { frames: w.benchFrames.slice(1), renders: [...w.netpolishBench.renders] };
  });
}

/**
 * Hovers `count` entities near the middle of the canvas, each followed by a leave (the pointer to
 * the canvas corner). Per hover change, whatever way the app draws its emphasis (a sigma frame,
 * or a layer over it): the time from the pointer's move to the frame after the one that shows it
 * (`frame`: what a user waits for, sigma's asynchronous picking read included), and the time
 * from the move until that emphasis is drawn (`cpu`: the picking read, the app's handler, its
 * label pass and the frame it asks for, done by the animation frame after them).
 */
async function hovers(page, box, count = 4) {
  const points = await page.evaluate((n) => {
    const w = /** @type {any} */ (window);
    const r = w.netpolishBench.sigma;
    const { width, height } = r.getDimensions();
    const out = [];
    r.getGraph().forEachNode((id) => {
      const d = r.getNodeDisplayData(id);
      const p = d && r.framedGraphToViewport(d);
      const inner = (v, size) => v > size * 0.3 && v < size * 0.7;
      if (out.length < n && p && inner(p.x, width) && inner(p.y, height)) out.push(p);
    });
    w.benchHover = { moved: 0, pending: false, cpu: [], frame: [] };
    addEventListener('mousemove', () => (w.benchHover.moved = performance.now()), true);
    // Registered after the app's handlers: its microtasks, its timers of 0 ms and the animation
    // frame it asks for run before these.
    const start = () => {
      const h = w.benchHover;
      if (h.pending) return;
      h.pending = true;
      const moved = h.moved;
      setTimeout(() =>
        requestAnimationFrame(() => {
          const drawn = performance.now();
          requestAnimationFrame(() => {
            h.cpu.push(drawn - moved);
            h.frame.push(performance.now() - moved);
            h.pending = false;
          });
        }),
      );
    };
    r.on('enterNode', start);
    r.on('leaveNode', start);
    return out;
  }, count);
  let changes = 0;
  const settle = (k) =>
    page.waitForFunction((c) => window.benchHover.frame.length >= c, k, { timeout: 60_000 });
  for (const p of points) {
    await page.mouse.move(box.x + p.x, box.y + p.y);
    await settle(++changes).catch(() => changes--);
    await page.mouse.move(box.x + 2, box.y + 2);
    await settle(++changes).catch(() => changes--);
  }
  await page.waitForTimeout(500);
  return page.evaluate(() => {
    const h = /** @type {any} */ (window).benchHover;
    return { cpu: h.cpu, frame: h.frame };
  });
}

/** One cold page: layout numbers, then drags across the canvas. */
async function once(browser, url, { view, nodes, edges, collapsed }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const t0 = Date.now();
  const fold = collapsed ? '&collapsed=1' : '';
  await page.goto(`${url}bench/topology/?view=${view}&nodes=${nodes}&edges=${edges}${fold}`);
  const section = page.locator('section[aria-label="Topology"]');
  await section.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
  const firstPictureMs = Date.now() - t0;
  const data = await section.evaluate((e) => ({ ...e.dataset }));
  const box = await page.locator('[data-testid="topology-canvas"]').boundingBox();
  const shipped = await pan(page, box);
  // Where the GPU time of a moving frame goes (fewer drags: every GL call is timed), and of a
  // frame at rest (sigma's refresh, as after every move).
  let gpu = null;
  if (await page.evaluate(instrument)) {
    await page.evaluate(timing, true);
    await pan(page, box, { drags: 2, steps: edges > 5000 ? 20 : 40 });
    await page.evaluate(() => {
      const r = /** @type {any} */ (window).netpolishBench.sigma;
      for (let i = 0; i < 3; i++) r.refresh();
    });
    await page.evaluate(timing, false);
    gpu = await page.evaluate(collect);
  }
  // Hover changes: their GPU time (every frame drawn meanwhile is a frame at rest).
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.waitForTimeout(300);
  const timed = gpu !== null;
  if (timed) await page.evaluate(timing, true);
  const hover = await hovers(page, box);
  const hoverGpu = timed
    ? (await page.evaluate(timing, false), await page.evaluate(collect))
    : null;
  // The same drags with every line drawn while moving (what sigma does below 1,000 lines); one
  // short drag only above 5,000 lines, where each such frame takes seconds in SwiftShader.
  await page.evaluate(() =>
    /** @type {any} */ (window).netpolishBench.sigma.setSetting('hideEdgesOnMove', false),
  );
  const withLines = await pan(page, box, edges > 5000 ? { drags: 1, steps: 10 } : {});
  await page.close();
  return {
    nodes: Number(data.nodes),
    edges: Number(data.edges),
    buildMs: Number(data.buildMs),
    layoutMs: Number(data.layoutMs),
    firstPictureMs,
    frames: shipped.frames,
    renders: shipped.renders,
    framesWithLines: withLines.frames,
    gpu,
    hover,
    hoverGpu,
  };
}

/** The pictures measured: the namespace view, the cluster view at two sizes, and collapsed. */
export const CASES = [
  { view: 'namespace', nodes: 500, edges: 2000 },
  { view: 'cluster', nodes: 500, edges: 2000 },
  { view: 'cluster', nodes: 5000, edges: 20000 },
  { view: 'cluster', nodes: 5000, edges: 20000, collapsed: true },
];

/** The commit before the entities were drawn as points while moving (the default "before"). */
export const BASELINE = '806eda2fc675c9b8d036ab93f2f0c8a5d0935fa8';

/**
 * Every case by the app of `commit` (before) and by this tree's build/ (after), in one browser,
 * alternating which goes first, `repeat` cold pages each; with the load average during the run.
 */
export async function runTopologyBench({
  repeat = 3,
  cases = CASES,
  commit = BASELINE,
  afterCommit,
} = {}) {
  if (!afterCommit) ensureBuild('bench/topology/index.html');
  const beforeDir = commitBuild(commit);
  const afterDir = afterCommit ? commitBuild(afterCommit) : 'build';
  const load = [loadavg()[0]];
  const sampler = setInterval(() => load.push(loadavg()[0]), 5_000);
  const servers = {
    before: await serveBuild('/bench/', beforeDir),
    after: await serveBuild('/bench/', afterDir),
  };
  const browser = await launchChromium();
  try {
    const results = [];
    for (const c of cases) {
      const runs = { before: [], after: [] };
      for (let i = 0; i < repeat; i++)
        for (const side of i % 2 === 0 ? ['before', 'after'] : ['after', 'before'])
          runs[side].push(await once(browser, servers[side].url, c));
      results.push({ before: summarise(c, runs.before), after: summarise(c, runs.after) });
    }
    const mean = load.reduce((a, b) => a + b) / load.length;
    return {
      commit,
      afterCommit,
      cores: cpus().length,
      load: { min: Math.min(...load), max: Math.max(...load), mean },
      cases: results,
    };
  } finally {
    clearInterval(sampler);
    await browser.close();
    servers.before.stop();
    servers.after.stop();
  }
}

function summarise(c, runs) {
  const frames = runs.flatMap((r) => r.frames);
  const framesWithLines = runs.flatMap((r) => r.framesWithLines);
  const renders = runs.flatMap((r) => r.renders);
  return {
    view: c.collapsed
      ? `${c.view} (every namespace collapsed, of ${c.nodes} / ${c.edges})`
      : c.view,
    nodes: runs[0].nodes,
    edges: runs[0].edges,
    layoutMs: { median: median(runs.map((r) => r.layoutMs)), runs: runs.map((r) => r.layoutMs) },
    firstPictureMs: median(runs.map((r) => r.firstPictureMs)),
    graphBuildMs: median(runs.map((r) => r.buildMs)),
    panning: {
      frames: frames.length,
      medianFrameMs: round(median(frames)),
      p95FrameMs: round(p95(frames)),
      renders: renders.length,
      medianRenderMs: round(median(renders)),
      linesHiddenWhileMoving: true,
    },
    gpuPerFrame: averageGpu(runs.map((r) => r.gpu)),
    hover: {
      changes: runs.reduce((a, r) => a + r.hover.cpu.length, 0),
      medianCpuMs: round(median(runs.flatMap((r) => r.hover.cpu))),
      medianToFrameMs: round(median(runs.flatMap((r) => r.hover.frame))),
      p95ToFrameMs: round(p95(runs.flatMap((r) => r.hover.frame))),
      gpu: averageGpu(runs.map((r) => r.hoverGpu)),
    },
    panningWithLinesDrawn: {
      frames: framesWithLines.length,
      medianFrameMs: round(median(framesWithLines)),
      p95FrameMs: round(p95(framesWithLines)),
    },
  };
}

/** The per-pass figures of the runs, averaged (null when the page had no GPU timer). */
function averageGpu(list) {
  const got = list.filter(Boolean);
  if (got.length === 0) return null;
  const mean = (pick) => {
    const sum = {};
    for (const g of got) for (const [k, v] of Object.entries(pick(g))) sum[k] = (sum[k] ?? 0) + v;
    return Object.fromEntries(
      Object.entries(sum)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, round(v / got.length)]),
    );
  };
  const of = (kind) => ({
    frames: got.reduce((a, g) => a + g[kind].frames, 0),
    totalMs: round(got.reduce((a, g) => a + g[kind].gpuTotalMs, 0) / got.length),
    passesMs: mean((g) => g[kind].gpuMs),
    hullCpuMs: round(got.reduce((a, g) => a + g[kind].hullCpuMs, 0) / got.length),
  });
  return {
    moving: of('moving'),
    still: of('still'),
    unread: got.reduce((a, g) => a + g.unread, 0),
    disjoint: got.some((g) => g.disjoint),
  };
}

export function printTopologyBench(result) {
  const { load } = result;
  return [
    `before = ${result.commit.slice(0, 7)}, after = ${result.afterCommit?.slice(0, 7) ?? 'this tree'}; load average during the run ${load.min.toFixed(1)}–${load.max.toFixed(1)} (mean ${load.mean.toFixed(1)}) on ${result.cores} cores`,
    ...result.cases.map(printCase),
  ].join('\n');
}

const pair = (b, a, unit = ' ms') => `${b ?? '—'} → ${a ?? '—'}${unit}`;
const times = (b, a) => (b && a ? ` (${(a / b).toFixed(2)}×)` : '');

function printCase({ before: b, after: a }) {
  const lines = [
    `${a.nodes} entities, ${a.edges} lines (synthetic ${a.view} view, Chromium + SwiftShader WebGL2), before → after`,
    `  layout (in the worker) median ${pair(b.layoutMs.median, a.layoutMs.median)}  runs ${b.layoutMs.runs.join(', ')} → ${a.layoutMs.runs.join(', ')} ms`,
    `  first picture after navigation ${pair(b.firstPictureMs, a.firstPictureMs)} (graph built in ${pair(b.graphBuildMs, a.graphBuildMs)})`,
    `  panning as shipped: median frame ${pair(b.panning.medianFrameMs, a.panning.medianFrameMs)}, p95 ${pair(b.panning.p95FrameMs, a.panning.p95FrameMs)}${times(b.panning.p95FrameMs, a.panning.p95FrameMs)} over ${b.panning.frames} / ${a.panning.frames} frames; sigma render (CPU) median ${pair(b.panning.medianRenderMs, a.panning.medianRenderMs)}`,
    `  panning with every line drawn: median frame ${pair(b.panningWithLinesDrawn.medianFrameMs, a.panningWithLinesDrawn.medianFrameMs)}, p95 ${pair(b.panningWithLinesDrawn.p95FrameMs, a.panningWithLinesDrawn.p95FrameMs)}`,
  ];
  for (const [side, g] of [
    ['before', b.gpuPerFrame],
    ['after', a.gpuPerFrame],
  ])
    if (g && (g.unread > 0 || g.disjoint))
      lines.push(
        `  (${side}: ${g.unread} timer queries unread, disjoint ${g.disjoint}: GPU figures incomplete)`,
      );
  const [hb, ha] = [b.hover, a.hover];
  lines.push(
    `  hover changes (${hb.changes} / ${ha.changes}): pointer to emphasis drawn median ${pair(hb.medianCpuMs, ha.medianCpuMs)}${times(hb.medianCpuMs, ha.medianCpuMs)}; to the next frame median ${pair(hb.medianToFrameMs, ha.medianToFrameMs)}${times(hb.medianToFrameMs, ha.medianToFrameMs)}, p95 ${pair(hb.p95ToFrameMs, ha.p95ToFrameMs)}`,
  );
  const gpuOf = (g, kind) => (kind === 'hover' ? g.hover.gpu?.still : g.gpuPerFrame?.[kind]);
  for (const kind of ['moving', 'still', 'hover']) {
    const [gb, ga] = [gpuOf(b, kind), gpuOf(a, kind)];
    if (!gb || !ga) continue;
    const what = {
      moving: 'frame of a moving camera',
      still: 'frame at rest',
      hover: 'frame drawn while hovering',
    }[kind];
    lines.push(
      `  GPU per ${what}: ${pair(gb.totalMs, ga.totalMs)}${times(gb.totalMs, ga.totalMs)} (${gb.frames} / ${ga.frames} frames timed); hull overlay (CPU) ${pair(gb.hullCpuMs, ga.hullCpuMs)}`,
    );
    const passes = [...new Set([...Object.keys(gb.passesMs), ...Object.keys(ga.passesMs)])];
    const shown = passes.filter(
      (p) => (gb.passesMs[p] ?? 0) >= 0.5 || (ga.passesMs[p] ?? 0) >= 0.5,
    );
    for (const p of shown)
      lines.push(`    ${p}: ${pair(gb.passesMs[p] ?? 0, ga.passesMs[p] ?? 0)}`);
  }
  return lines.join('\n');
}

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runTopologyBench({
    repeat: Number(arg('repeat') ?? 3),
    commit: arg('commit') ?? BASELINE,
    afterCommit: arg('after-commit'),
    cases:
      arg('cases')
        ?.split(',')
        .map((i) => CASES[Number(i)]) ?? CASES,
  });
  process.stdout.write(printTopologyBench(result) + '\n');
}
