/**
 * `netpolish connectivity`: the connections that NetworkPolicies allow between the workloads
 * (and external address blocks) of kubectl metadata dumps, in np-guard netpol-analyzer's
 * connlist format (DESIGN.md §5). Files: read here (plain or gzip); parsing, inventory and
 * evaluation: the engine. Diagnostics go to stderr; exit 0 ok, 1 bad arguments/unreadable file.
 */
import {
  buildInventory,
  computeConnectivity,
  connectivityContext,
  DIAGNOSTIC_CODES,
  formatConnlistJson,
  formatConnlistText,
  formatExplainReport,
  visibleText,
  type Diagnostic,
  type K8sObject,
} from '../lib/engine/index';
import { formatDiagnostic, readObjects } from './manifests';
import { type CliIo, helpAsked, parseArgs, single, UsageError } from './io';

export const CONNECTIVITY_USAGE = `Usage: netpolish connectivity --metadata <file|dir>... [--policies <file|dir>]...
                              [--ipblock-matches-pods] [--output txt|json] [--explain]

List the connections that the NetworkPolicies allow, one line per allowed pair:
  "<src> => <dst> : <conns>"   (np-guard netpol-analyzer's connlist format)
Peers are workloads "ns/name[Kind]" (pods grouped by their top owner, each workload once) or external address
blocks "a.b.c.d-w.x.y.z[External]"; conns are "All Connections" or e.g. "TCP 8080,9090,UDP 53".

AdminNetworkPolicies, BaselineAdminNetworkPolicies (policy.networking.k8s.io/v1alpha1) and
ClusterNetworkPolicies (v1alpha2) take part in the tier order: Admin, NetworkPolicy, Baseline,
then the default (allow).

Options:
  --metadata <file|dir>...   kubectl dumps / manifests (YAML, JSON, lists; plain or .gz),
                             policies included; files in a folder that are not
                             Kubernetes manifests are skipped with a diagnostic on stderr
  --policies <file|dir>...   more policies (added to those in --metadata; one with the
                             same kind, namespace and name replaces it)
  --ipblock-matches-pods     let ipBlock peers match pod IPs too (default: they match only
                             external addresses, as netpol-analyzer does)
  --output txt|json          txt (default) or a JSON array of {src, dst, conn}
  --explain                  for every pair, the allowed and denied connections and the
                             policies and rules why (netpol-analyzer's explain text)
  --help                     this text`;

const POLICY_KINDS = new Set([
  'NetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

/** Only the policies of `--policies` files count; other objects are reported. */
function policiesOnly(objects: K8sObject[], out: Diagnostic[]): K8sObject[] {
  const other = objects.filter((o) => !POLICY_KINDS.has(o.kind));
  if (other.length > 0) {
    const kinds = [...new Set(other.map((o) => o.kind))].sort().join(', ');
    const message = `${other.length} object(s) in --policies that are not policies ignored (${kinds})`;
    out.push({
      code: DIAGNOSTIC_CODES.BAD_OBJECT,
      severity: 'info',
      message,
      file: '--policies',
      line: null,
    });
  }
  return objects.filter((o) => POLICY_KINDS.has(o.kind));
}

interface Options {
  metadata: string[];
  policies: string[];
  ipBlockMatchesPods: boolean;
  output: 'txt' | 'json';
  explain: boolean;
}

function options(args: string[]): Options {
  const parsed = parseArgs(args, {
    values: ['metadata', 'policies', 'output'],
    flags: ['ipblock-matches-pods', 'explain'],
    multiValue: ['metadata', 'policies'],
  });
  const metadata = parsed.values.get('metadata') ?? [];
  if (metadata.length === 0) throw new UsageError('--metadata <file|dir> is required');
  const output = single(parsed, 'output') ?? 'txt';
  if (output !== 'txt' && output !== 'json') {
    throw new UsageError(`--output must be txt or json, not '${output}'`);
  }
  const explain = parsed.flags.has('explain');
  if (explain && output !== 'txt')
    throw new UsageError('--explain prints text; use it without --output json');
  return {
    metadata,
    policies: parsed.values.get('policies') ?? [],
    ipBlockMatchesPods: parsed.flags.has('ipblock-matches-pods'),
    output,
    explain,
  };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (helpAsked(args, io, CONNECTIVITY_USAGE + '\n')) return 0;
  const opts = options(args);
  const diagnostics: Diagnostic[] = [];
  const objects = await readObjects(opts.metadata, diagnostics);
  const extra = policiesOnly(await readObjects(opts.policies, diagnostics), diagnostics);
  const built = buildInventory([...objects, ...extra], 'cli');
  diagnostics.push(...built.diagnostics);
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  const ctx = connectivityContext(built.inventory, { ipBlockMatchesPods: opts.ipBlockMatchesPods });
  if (opts.explain) {
    io.out(visibleText(formatExplainReport(ctx)));
    return 0;
  }
  const conns = computeConnectivity(ctx);
  io.out(
    opts.output === 'json'
      ? formatConnlistJson(conns) + '\n'
      : visibleText(formatConnlistText(conns)),
  );
  return 0;
}
