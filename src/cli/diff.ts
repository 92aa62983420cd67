/**
 * `netpolish diff`: how the allowed connections differ between two folders of manifests
 * (netpol-analyzer's `diff`: changed, added and removed pairs, with workloads that exist on one
 * side only). Files: read here; inventory, evaluation and the diff: the engine. Diagnostics go
 * to stderr; exit 0 ok (differences or not), 1 bad arguments or an unreadable folder.
 */
import {
  buildInventory,
  computeConnectivity,
  connectivityContext,
  DIFF_FORMATS,
  diffConnectivity,
  formatDiff,
  workloadPeers,
  type Diagnostic,
  type DiffFormat,
  type DiffSide,
} from '../lib/engine/index';
import { type CliIo, helpAsked, parseArgs, single, UsageError } from './io';
import { formatDiagnostic, readObjects } from './manifests';

export const DIFF_USAGE = `Usage: netpolish diff --dir1 <dir> --dir2 <dir> [--output txt|csv|md|json]

The connectivity that changed from the manifests of --dir1 (ref1) to those of --dir2 (ref2):
one line per pair whose allowed connections changed, were added or were removed, e.g.
  diff-type: changed, source: ns/a[Deployment], destination: ns/b[Deployment], ref1: TCP 80, ref2: All Connections
(np-guard netpol-analyzer's diff format). NetworkPolicies, AdminNetworkPolicies,
BaselineAdminNetworkPolicies and ClusterNetworkPolicies all take part. No difference prints
nothing.

Options:
  --dir1 <dir>               the manifests before (files or a folder; plain or .gz)
  --dir2 <dir>               the manifests after
  --output txt|csv|md|json   txt (default), CSV, a Markdown table, or a JSON array of
                             {diff-type, source, destination, ref1, ref2, workloads-diff-info}
  --help                     this text`;

function options(args: string[]): { dir1: string; dir2: string; output: DiffFormat } {
  const parsed = parseArgs(args, { values: ['dir1', 'dir2', 'output'], flags: [] });
  const dir1 = single(parsed, 'dir1');
  const dir2 = single(parsed, 'dir2');
  if (!dir1 || !dir2) throw new UsageError('--dir1 <dir> and --dir2 <dir> are both required');
  const output = single(parsed, 'output') ?? 'txt';
  if (!(DIFF_FORMATS as readonly string[]).includes(output))
    throw new UsageError(`--output must be one of ${DIFF_FORMATS.join(', ')}, not '${output}'`);
  return { dir1, dir2, output: output as DiffFormat };
}

/** One side of the diff: the connectivity report of the manifests under `dir`. */
async function side(dir: string, out: Diagnostic[]): Promise<DiffSide> {
  const built = buildInventory(await readObjects([dir], out), 'cli');
  out.push(...built.diagnostics);
  const ctx = connectivityContext(built.inventory, { ipBlockMatchesPods: false });
  return {
    conns: computeConnectivity(ctx),
    workloads: workloadPeers(ctx.pods).map((w) => w.label),
  };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (helpAsked(args, io, DIFF_USAGE + '\n')) return 0;
  const opts = options(args);
  const diagnostics: Diagnostic[] = [];
  const before = await side(opts.dir1, diagnostics);
  const after = await side(opts.dir2, diagnostics);
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  io.out(formatDiff(diffConnectivity(before, after), opts.output));
  return 0;
}
