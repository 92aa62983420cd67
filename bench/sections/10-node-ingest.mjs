/**
 * Node section: the engine's ingest (bench/ingest-node.ts: sniff, inventory, orientation,
 * resolution, aggregation) against a baseline that only splits lines and JSON.parses each
 * (bench/baseline-node.mjs), over the same capture, at every size. Each run is its own child
 * process, so `maxRSS` is that run's peak; runs alternate and the fastest of `repeat` counts
 * (the machine may be busy), the peak RSS is the largest seen. CPU time (user + system) is
 * reported beside wall time: on a loaded machine it is the steadier ratio. Peak RSS must not
 * grow with file size: compared between the smallest and largest size, and the largest is
 * run once more with a small V8 heap cap.
 */
import { join } from 'node:path';

export const name = 'node-ingest';

/**
 * Memory is bounded when peak RSS grows by less than this share of the extra input bytes
 * (a reader that kept records would grow by several times the input).
 */
const RSS_SLOPE_LIMIT = 0.05;
/** The largest capture must also go through with the V8 old space capped this low. */
const CAPPED_OLD_SPACE_MB = 96;

/** Throughput from wall-clock time; CPU time (user + system) is reported beside it. */
function rate(run) {
  const s = run.ms / 1000;
  return {
    ms: Math.round(run.ms),
    cpuMs: Math.round(run.cpuMs),
    flowsPerSec: Math.round(run.lines / s),
    mbPerSec: Math.round((run.bytes / 1e6 / s) * 10) / 10,
    peakRssMb: Math.round(run.maxRssKb / 1024),
  };
}

function best(runs) {
  const fastest = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  return {
    ...fastest,
    cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
  };
}

export async function run(ctx) {
  const bySize = {};
  for (const size of ctx.sizes) {
    const { flows, dump } = ctx.files[size];
    const engine = [];
    const baseline = [];
    for (let i = 0; i < ctx.repeat; i++) {
      engine.push(
        ctx.spawnTs(join(ctx.root, 'bench/ingest-node.ts'), [flows, dump], ['--expose-gc']),
      );
      baseline.push(
        ctx.spawnJson(process.execPath, [join(ctx.root, 'bench/baseline-node.mjs'), flows]),
      );
    }
    const e = best(engine);
    const b = best(baseline);
    bySize[size] = {
      bytes: e.bytes,
      lines: e.lines,
      engine: {
        ...rate(e),
        retainedHeapMb: Math.round(Math.max(...engine.map((r) => r.retainedHeapMb))),
        records: e.records,
        aggregates: e.aggregates,
        stats: e.stats,
      },
      baseline: rate(b),
      /** > 1: the engine is slower than splitting + JSON.parse alone. */
      engineTimeOverBaseline: Math.round((e.ms / b.ms) * 100) / 100,
      engineCpuOverBaseline: Math.round((e.cpuMs / b.cpuMs) * 100) / 100,
      runs: {
        engineMs: engine.map((r) => Math.round(r.ms)),
        baselineMs: baseline.map((r) => Math.round(r.ms)),
      },
    };
  }
  return { bySize, rss: rssCheck(ctx, bySize) };
}

function rssCheck(ctx, bySize) {
  const lo = bySize[Math.min(...ctx.sizes)];
  const hi = bySize[Math.max(...ctx.sizes)];
  const extraInputMb = (hi.bytes - lo.bytes) / 2 ** 20;
  const extraRssMb = hi.engine.peakRssMb - lo.engine.peakRssMb;
  const { flows, dump } = ctx.files[Math.max(...ctx.sizes)];
  const flags = ['--expose-gc', `--max-old-space-size=${CAPPED_OLD_SPACE_MB}`];
  let capped;
  try {
    const r = ctx.spawnTs(join(ctx.root, 'bench/ingest-node.ts'), [flows, dump], flags);
    capped = { ok: r.lines === hi.lines, peakRssMb: Math.round(r.maxRssKb / 1024) };
  } catch (e) {
    capped = { ok: false, error: String(e).slice(0, 500) };
  }
  return {
    smallestMb: lo.engine.peakRssMb,
    largestMb: hi.engine.peakRssMb,
    extraRssPerGbInput: extraInputMb > 0 ? Math.round((extraRssMb / extraInputMb) * 1024) : 0,
    cappedHeap: { maxOldSpaceMb: CAPPED_OLD_SPACE_MB, ...capped },
    bounded: extraRssMb <= RSS_SLOPE_LIMIT * Math.max(extraInputMb, 1) && capped.ok,
  };
}

export function print(result) {
  const lines = [];
  for (const [size, r] of Object.entries(result.bySize)) {
    lines.push(
      `${Number(size).toLocaleString('en')} flows, ${(r.bytes / 1e6).toFixed(0)} MB (${(r.bytes / r.lines).toFixed(0)} B/flow)`,
      `  engine   ${r.engine.ms} ms (cpu ${r.engine.cpuMs} ms)  ${r.engine.flowsPerSec.toLocaleString('en')} flows/s  ${r.engine.mbPerSec} MB/s  peak RSS ${r.engine.peakRssMb} MB, retained heap ${r.engine.retainedHeapMb} MB  (${r.engine.aggregates} communications)`,
      `  baseline ${r.baseline.ms} ms (cpu ${r.baseline.cpuMs} ms)  ${r.baseline.flowsPerSec.toLocaleString('en')} flows/s  ${r.baseline.mbPerSec} MB/s  peak RSS ${r.baseline.peakRssMb} MB  (split + JSON.parse only)`,
      `  engine / baseline: time ×${r.engineTimeOverBaseline}, cpu ×${r.engineCpuOverBaseline}`,
    );
  }
  const { rss } = result;
  const capped = rss.cappedHeap.ok
    ? `completes with --max-old-space-size=${rss.cappedHeap.maxOldSpaceMb} (peak RSS ${rss.cappedHeap.peakRssMb} MB)`
    : `FAILS with --max-old-space-size=${rss.cappedHeap.maxOldSpaceMb}`;
  lines.push(
    `peak RSS ${rss.smallestMb} MB → ${rss.largestMb} MB (+${rss.extraRssPerGbInput} MB per GB of extra input); largest ${capped}: ${rss.bounded ? 'bounded' : 'GROWS with file size'}`,
  );
  return lines.join('\n');
}
