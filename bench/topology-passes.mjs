/**
 * GPU time of a moving frame, pass by pass, for the topology bench (bench/topology-browser.mjs).
 * `instrument` runs in the page (Playwright serialises it, so it closes over nothing): it wraps
 * sigma's passes (private fields of sigma 4.0.4; a pass it cannot find is left out) to name
 * what runs, and times every GL call that makes GPU work — draws, clears, texture uploads,
 * read-backs — with its own EXT_disjoint_timer_query_webgl2 query (one query at a time, so
 * sigma's own whole-frame query, DEBUG_gpuTimerQueries, must be off). Draws into sigma's
 * picking framebuffer are counted apart ("… picking"). The namespace hulls are a 2D canvas
 * drawn on the CPU after each frame: their CPU time is measured around sigma's afterRender.
 * `collect` waits for the queries and returns the milliseconds per frame of each pass.
 */

/** Installs the wrappers on `window.netpolishBench.sigma`; false when there is no timer. */
export function instrument() {
  const w = /** @type {any} */ (window);
  const r = w.netpolishBench.sigma;
  const gl = r.getWebGLContext();
  const ext = gl.getExtension('EXT_disjoint_timer_query_webgl2');
  if (!ext) return false;
  const S = { on: false, pass: null, picking: false, pending: [], disjoint: false };
  S.kind = 'still';
  S.frames = { moving: 0, still: 0 };
  S.hullMs = { moving: 0, still: 0 };
  w.netpolishPasses = S;
  // Sigma's own test of a moving camera, at the start of each frame.
  const render = r.render.bind(r);
  r.render = (...args) => {
    const m = r.getMouseCaptor();
    const moving =
      r.getCamera().isAnimating() || m.isMoving || m.draggedEvents || m.currentWheelDirection;
    S.kind = moving ? 'moving' : 'still';
    return render(...args);
  };
  const label = () => `${S.pass ?? 'clears and set-up'}${S.picking ? ' (picking)' : ''}`;
  const bindFb = gl.bindFramebuffer.bind(gl);
  gl.bindFramebuffer = (target, fb) => {
    S.picking = fb !== null && fb === r.pickingFrameBuffer;
    return bindFb(target, fb);
  };
  const timed = [
    'drawArrays',
    'drawArraysInstanced',
    'drawElements',
    'drawElementsInstanced',
    'clear',
    'texImage2D',
    'texSubImage2D',
    'readPixels',
    'blitFramebuffer',
  ];
  for (const m of timed) {
    const call = gl[m].bind(gl);
    gl[m] = (...args) => {
      if (!S.on) return call(...args);
      const q = gl.createQuery();
      gl.beginQuery(ext.TIME_ELAPSED_EXT, q);
      const out = call(...args);
      gl.endQuery(ext.TIME_ELAPSED_EXT);
      S.pending.push({ q, kind: S.kind, label: label() });
      return out;
    };
  }
  const named = (obj, method, name) => {
    if (!obj || typeof obj[method] !== 'function') return;
    const call = obj[method].bind(obj);
    obj[method] = (...args) => {
      const outer = S.pass;
      S.pass = name;
      try {
        return call(...args);
      } finally {
        S.pass = outer;
      }
    };
  };
  const i = r.internals ?? {};
  named(r, 'resetWebGLTexture', 'picking buffer re-allocation');
  named(i.nodeDataTexture, 'upload', 'data uploads');
  named(i.edgeDataTexture, 'upload', 'data uploads');
  named(r.nodeProgram, 'uploadLayerTexture', 'data uploads');
  named(r.edgeProgram, 'uploadAttributeTexture', 'data uploads');
  named(r.edgeFramePass, 'run', 'line frame pass');
  named(r.nodeFramePass, 'run', 'label frame pass');
  named(r.edgeProgram, 'render', 'lines');
  named(r.nodeProgram, 'render', 'entities');
  const labels = r.labelRenderer;
  for (const m of ['renderWebGLLabels', 'renderLabelBackgrounds', 'renderAttachments'])
    named(labels, m, 'labels');
  named(labels, 'renderBackdrops', 'label backdrops');
  let hullStart = 0;
  r.prependListener('afterRender', () => (hullStart = performance.now()));
  r.on('afterRender', () => {
    if (!S.on) return;
    S.frames[S.kind]++;
    S.hullMs[S.kind] += performance.now() - hullStart;
  });
  return true;
}

/** Starts (true) or stops (false) timing in the page. */
export function timing(on) {
  /** @type {any} */ (window).netpolishPasses.on = on;
}

/**
 * Waits for every query's result. For the frames of a moving camera and those at rest apart
 * (sigma's own test): how many, the GPU milliseconds per frame by pass and in all, and the hull
 * overlay's CPU milliseconds per frame. Clears what it read.
 */
export async function collect() {
  const w = /** @type {any} */ (window);
  const S = w.netpolishPasses;
  const gl = w.netpolishBench.sigma.getWebGLContext();
  const ext = gl.getExtension('EXT_disjoint_timer_query_webgl2');
  const ms = { moving: {}, still: {} };
  for (let tries = 0; S.pending.length > 0 && tries < 600; tries++) {
    if (gl.getParameter(ext.GPU_DISJOINT_EXT)) S.disjoint = true;
    S.pending = S.pending.filter(({ q, kind, label }) => {
      if (!gl.getQueryParameter(q, gl.QUERY_RESULT_AVAILABLE)) return true;
      ms[kind][label] = (ms[kind][label] ?? 0) + gl.getQueryParameter(q, gl.QUERY_RESULT) / 1e6;
      gl.deleteQuery(q);
      return false;
    });
    if (S.pending.length > 0) await new Promise((ok) => requestAnimationFrame(ok));
  }
  const of = (kind) => {
    const frames = Math.max(1, S.frames[kind]);
    const gpuMs = Object.fromEntries(
      Object.entries(ms[kind])
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, v / frames]),
    );
    const gpuTotalMs = Object.values(gpuMs).reduce((a, b) => a + b, 0);
    return { frames: S.frames[kind], gpuMs, gpuTotalMs, hullCpuMs: S.hullMs[kind] / frames };
  };
  const out = { moving: of('moving'), still: of('still'), unread: S.pending.length };
  out.disjoint = S.disjoint;
  S.frames = { moving: 0, still: 0 };
  S.hullMs = { moving: 0, still: 0 };
  S.disjoint = false;
  return out;
}
