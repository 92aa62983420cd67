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
 *    call (its CPU side; SwiftShader rasterises on the CPU too, inside the frame interval).
 * Builds the app first when build/ lacks the fixture. Run alone: `node bench/topology-browser.mjs`.
 */
import { fileURLToPath } from 'node:url';
import { ensureBuild, launchChromium, serveBuild } from './browser.mjs';
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
  };
}

/** The pictures measured: the namespace view, the cluster view at two sizes, and collapsed. */
export const CASES = [
  { view: 'namespace', nodes: 500, edges: 2000 },
  { view: 'cluster', nodes: 500, edges: 2000 },
  { view: 'cluster', nodes: 5000, edges: 20000 },
  { view: 'cluster', nodes: 5000, edges: 20000, collapsed: true },
];

export async function runTopologyBench({ repeat = 3, cases = CASES } = {}) {
  ensureBuild('bench/topology/index.html');
  const { url, stop } = await serveBuild('/bench/');
  const browser = await launchChromium();
  try {
    const results = [];
    for (const c of cases) results.push(await measure(browser, url, c, repeat));
    return { cases: results };
  } finally {
    await browser.close();
    stop();
  }
}

async function measure(browser, url, c, repeat) {
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push(await once(browser, url, c));
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
  return result.cases.map(printCase).join('\n');
}

function printCase(r) {
  return [
    `${r.nodes} entities, ${r.edges} lines (synthetic ${r.view} view, Chromium + SwiftShader WebGL2)`,
    `  layout (in the worker) median ${r.layoutMs.median} ms  runs ${r.layoutMs.runs.join(', ')} ms`,
    `  first picture ${r.firstPictureMs} ms after navigation (graph built in ${r.graphBuildMs} ms)`,
    `  panning (as shipped: lines and their frame pass skipped while moving above 1,000 lines, labels above 1,500 entities): median frame ${r.panning.medianFrameMs} ms, p95 ${r.panning.p95FrameMs} ms over ${r.panning.frames} frames; sigma render median ${r.panning.medianRenderMs} ms (${r.panning.renders} renders)`,
    `  panning with every line drawn: median frame ${r.panningWithLinesDrawn.medianFrameMs} ms, p95 ${r.panningWithLinesDrawn.p95FrameMs} ms over ${r.panningWithLinesDrawn.frames} frames`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runTopologyBench();
  process.stdout.write(printTopologyBench(result) + '\n');
}
