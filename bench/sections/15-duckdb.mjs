/**
 * DuckDB side by side (issue: "at least 1.0× DuckDB at equal threads"): over the same capture,
 * whole processes as a user runs them — `netpolish analyze --threads T` (the bundled CLI,
 * dist/netpolish.js) against DuckDB's `read_json` + `GROUP BY` at T = 1 and N threads (N: the
 * machine's cores), and the `netpolish sql` DuckDB recipe (raw capture → aggregate file) at the
 * same thread counts. Wall and CPU time from /usr/bin/time; the fastest of `repeat` runs counts.
 * Ratio = DuckDB's time / netpolish's time at equal threads (above 1.0: netpolish is faster);
 * scaling = netpolish at 1 thread / at N. With `--cli-baseline <commit>`, the CLI bundle of that
 * commit runs in the same loop too (before/after in one run): baseline's time / this tree's.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { commitTree, sh } from '../commit-tree.mjs';
import { join } from 'node:path';

export const name = 'duckdb-side-by-side';

/** Runs a command under /usr/bin/time; wall and CPU (user + system) seconds → ms. */
function timed(root, command, args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', command, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ms: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000 };
}

/** The CLI bundle of `commit`, built in the system's temporary folder (kept for the next run). */
function commitBundle(root, commit) {
  const dir = commitTree(root, commit, 'cli');
  const bundle = join(dir, 'dist/netpolish.js');
  if (!existsSync(bundle)) sh(`"${process.execPath}" scripts/build-cli.mjs`, dir);
  return bundle;
}

function cliBaseline() {
  const i = process.argv.indexOf('--cli-baseline');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fastest(runs) {
  return {
    ms: Math.round(Math.min(...runs.map((r) => r.ms))),
    cpuMs: Math.round(Math.min(...runs.map((r) => r.cpuMs))),
  };
}

export async function run(ctx) {
  const n = cpus().length;
  const threads = [...new Set([1, n])];
  const bundle = join(ctx.root, 'dist/netpolish.js');
  // The CLI as users run it: the bundle, rebuilt from the current sources.
  spawnSync(process.execPath, [join(ctx.root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const baselineCommit = cliBaseline();
  const baseline = baselineCommit && commitBundle(ctx.root, baselineCommit);
  const duck = join(ctx.root, 'bench/duckdb-groupby.mjs');
  const loads = [];
  const scratch = mkdtempSync(join(tmpdir(), 'netpolish-bench-duckdb-'));
  const bySize = {};
  for (const size of ctx.sizes) {
    const { flows, dump } = ctx.files[size];
    const recipe = join(scratch, `recipe-${size}.sql`);
    const script = spawnSync(
      process.execPath,
      [
        bundle,
        'sql',
        '--engine',
        'duckdb',
        '--format',
        'hubble-jsonpb',
        '--input',
        flows,
        '--output',
        join(scratch, `agg-${size}.parquet`),
        '--metadata',
        dump,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    writeFileSync(recipe, script.stdout);
    const out = { netpolish: {}, groupBy: {}, recipe: {}, baseline: {} };
    for (const t of threads) {
      out.netpolish[t] = [];
      out.groupBy[t] = [];
      out.recipe[t] = [];
      out.baseline[t] = [];
    }
    const analyze = (cli, t) =>
      timed(ctx.root, process.execPath, [
        cli,
        'analyze',
        '--metadata',
        dump,
        '--flows',
        flows,
        '--json',
        '--threads',
        String(t),
      ]);
    for (let i = 0; i < ctx.repeat; i++) {
      for (const t of threads) {
        loads.push(loadavg()[0]);
        if (baseline) out.baseline[t].push(analyze(baseline, t));
        out.netpolish[t].push(analyze(bundle, t));
        out.groupBy[t].push(
          timed(ctx.root, process.execPath, [duck, flows, '--threads', String(t)]),
        );
        out.recipe[t].push(
          timed(ctx.root, process.execPath, [
            duck,
            flows,
            '--threads',
            String(t),
            '--recipe',
            recipe,
          ]),
        );
      }
    }
    const row = { netpolish: {}, groupBy: {}, recipe: {}, ratio: {} };
    if (baseline) row.baseline = {};
    for (const t of threads) {
      row.netpolish[t] = fastest(out.netpolish[t]);
      if (baseline) row.baseline[t] = fastest(out.baseline[t]);
      row.groupBy[t] = fastest(out.groupBy[t]);
      row.recipe[t] = fastest(out.recipe[t]);
      row.ratio[t] = round2(row.groupBy[t].ms / row.netpolish[t].ms);
    }
    row.scaling = round2(row.netpolish[1].ms / row.netpolish[n].ms);
    bySize[size] = row;
  }
  return {
    threads,
    bySize,
    ...(baseline && { baselineCommit }),
    load: { min: Math.min(...loads), max: Math.max(...loads) },
    note: `${n} cores, shared with other work running at the same time: compare ratios, not times`,
  };
}

const round2 = (x) => Math.round(x * 100) / 100;

export function print(r) {
  const lines = [];
  for (const [size, row] of Object.entries(r.bySize)) {
    lines.push(`${Number(size).toLocaleString('en')} flows:`);
    for (const t of r.threads) {
      const np = row.netpolish[t];
      lines.push(
        `  ${t} thread(s): netpolish analyze ${np.ms} ms (cpu ${np.cpuMs}); DuckDB read_json+GROUP BY ${row.groupBy[t].ms} ms (cpu ${row.groupBy[t].cpuMs}) → netpolish at ${row.ratio[t]}× DuckDB; ` +
          `sql recipe → aggregate file ${row.recipe[t].ms} ms (cpu ${row.recipe[t].cpuMs})`,
      );
    }
    lines.push(
      `  netpolish --threads ${r.threads.at(-1)} over --threads 1: ${row.scaling}× faster`,
    );
    for (const t of row.baseline ? r.threads : []) {
      const [b, a] = [row.baseline[t], row.netpolish[t]];
      lines.push(
        `  ${t} thread(s): CLI of ${r.baselineCommit} ${b.ms} ms (cpu ${b.cpuMs}) → this tree ${a.ms} ms (cpu ${a.cpuMs}): ${round2(b.ms / a.ms)}× faster, DuckDB ratio ${round2(row.groupBy[t].ms / b.ms)} → ${row.ratio[t]}`,
      );
    }
  }
  lines.push(
    `  (${r.note}; 1-minute load average during the runs ${r.load.min.toFixed(1)}–${r.load.max.toFixed(1)})`,
  );
  return lines.join('\n');
}
