/**
 * `netpolish generate` (DESIGN.md §5): NetworkPolicy YAML for one workload, or for a whole
 * namespace (with a default-deny) when --name is omitted. Flows and metadata go through the same
 * pipeline and query as `analyze`; the command-line choices become Decisions; the engine's
 * policy/ generates and validates. YAML on stdout; diagnostics and warnings on stderr.
 * Exit codes: 0 ok, 1 unusable arguments or unreadable file, 2 an invalid document (a bug).
 */
import { type CliIo, helpAsked, parseArgs, type ParsedArgs, single, UsageError } from './io';
import {
  analyzeSources,
  flowFormatsHelp,
  checked,
  checkNamespaceArg,
  nearText,
  communicationsOf,
  ENTITIES,
  formatDiagnostic,
  MULTI_VALUE_OPTIONS,
  readSourceArgs,
  SOURCE_OPTIONS,
  type SourceArgs,
  undeterminedOf,
} from './options';
import { exclusionArg, excludes, type Exclusion } from './exclusions';
import type { Communication } from '../lib/engine/model/communication';
import { sameWorkload, workloadKey, type WorkloadRef } from '../lib/engine/model/ids';
import type { EntityType, NetworkPolicy } from '../lib/engine/model/k8s';
import { toCidr } from '../lib/engine/model/address';
import {
  type Decisions,
  type GeneralRule,
  defaultDecisions,
  setIncluded,
} from '../lib/engine/policy/decisions';
import { generatePolicy, toYaml } from '../lib/engine/policy/generate';
import { namespaceBundle } from '../lib/engine/policy/bundle';
import { findByName } from '../lib/engine/inventory/lookup';
import type { AnalyzeResult } from '../lib/engine/pipeline';
import { validatePolicy } from '../lib/engine/policy/validate';
import type { PolicyWarning } from '../lib/engine/policy/warnings';

export const GENERATE_USAGE = `Usage: netpolish generate --metadata <file|dir>... --flows <file|dir>... --namespace <ns>
                          [--entity <type>] [--name <workload>] [options]

Prints the NetworkPolicy of one workload as YAML (kubectl apply -f ready). Without --name: the
namespace bundle — a default-deny plus one policy for every top-level workload of the namespace
(Deployments, StatefulSets, DaemonSets, CronJobs, Jobs, bare pods; whatever --entity says).
An unknown --namespace or --name exits 1 with the near matches; a --name that several
workloads share (or a Service's name) needs --entity.
By default every resolved communication (workloads, nodes) is allowed and IP peers are not.

Options:
  --metadata <file|dir>...   kubectl dumps (JSON or YAML, plain or .gz); folders: their files
  --flows <file|dir>...      flow captures (any format below; folders: their files)
  --namespace <ns>           the workload's namespace (required)
  --entity <type>            deployment|daemonset|statefulset|cronjob|job|service (with --name)
  --name <name>              the workload (omitted: the whole namespace)
  --exclude <dir:peer:port/proto>   leave one communication out, e.g.
                             "egress:deployment/shop/cart:7070/TCP" or "ingress:10.0.0.0/8:443/TCP"
                             (peer: kind/namespace/name, or an IP or CIDR; repeatable)
  --include-ip <IP|CIDR>     allow the IP peers inside it; a CIDR is written as that ipBlock
  --alias <CIDR=NAME>        a name for an IP range; an included IP inside it becomes its CIDR
  --cluster-cidr <CIDR>      an address range of the cluster (IP classes; repeatable)
  --ingress-default <rule>   block (only the allowed rows) | namespace | all   (default: block)
  --egress-default <rule>    block | namespace | all                           (default: block)
  --allow-dns                allow UDP and TCP to the cluster DNS pods (from the dump's Service)
  --from <ISO8601>           only activity at or after this time
  --to <ISO8601>             only activity at or before this time
  --help                     this text

${flowFormatsHelp()}`;

const RULES: GeneralRule[] = ['block', 'namespace', 'all'];

interface GenerateArgs extends SourceArgs {
  namespace: string;
  name?: string;
  exclusions: Exclusion[];
  includeIps: string[];
  ingressDefault: GeneralRule;
  egressDefault: GeneralRule;
  allowDns: boolean;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (helpAsked(args, io, GENERATE_USAGE)) return 0;
  const a = await readArgs(args);
  const result = await analyzeSources(a);
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  const inventory = result.inventory;
  checkNamespaceArg(result, a.namespace);
  if (a.name === undefined) return emitBundle(io, a, result);
  const workload = findWorkload(a, result);
  const scope = { ref: workload, entity: entityOf(workload) };
  const communications = communicationsOf(result, a, scope);
  const { decisions, unmatched } = decide(a, communications);
  reportUnmatched(io, unmatched);
  reportUndetermined(io, undeterminedOf(result, a, scope));
  const { policy, warnings } = generatePolicy({
    inventory,
    communications,
    aliases: a.aliases,
    workload,
    entityType: entityOf(workload),
    decisions: decisionFor(decisions, workload),
  });
  for (const w of warnings) io.err(formatWarning(w));
  return emit(io, [policy]);
}

/** Without --name: the namespace bundle, the same engine function the app's bundle uses. */
function emitBundle(io: CliIo, a: GenerateArgs, result: AnalyzeResult): number {
  const communications = communicationsOf(result, { ...a, entity: 'all' });
  const { decisions, unmatched } = decide(a, communications);
  reportUnmatched(io, unmatched);
  reportUndetermined(io, undeterminedOf(result, { ...a, entity: 'all' }));
  const { policies, warnings } = namespaceBundle({
    inventory: result.inventory,
    namespace: a.namespace,
    communications,
    decisions,
    aliases: a.aliases,
  });
  for (const w of warnings) io.err(formatWarning(w));
  return emit(io, policies);
}

function reportUnmatched(io: CliIo, unmatched: string[]): void {
  for (const e of unmatched)
    io.err(`netpolish generate: --exclude '${e}' matches no communication\n`);
}

/** The undetermined rows of the scope stay out of the policy: say how many (none: nothing). */
function reportUndetermined(io: CliIo, rows: Communication[]): void {
  if (rows.length === 0) return;
  io.err(
    `netpolish generate: ${rows.length} undetermined row${rows.length === 1 ? '' : 's'} ` +
      `(initiator unknown, each pair read both ways) left out of the policy; ` +
      `analyze --json lists them under "undetermined"\n`,
  );
}

function emit(io: CliIo, policies: NetworkPolicy[]): number {
  const invalid = policies.flatMap((p) =>
    validatePolicy(p).errors.map((e) => `${p.metadata.name}: ${e.path}: ${e.message}`),
  );
  if (invalid.length > 0) {
    io.err(
      `netpolish generate: internal error: generated an invalid NetworkPolicy\n${invalid.join('\n')}\n`,
    );
    return 2;
  }
  io.out(toYaml(policies));
  return 0;
}

function entityOf(w: WorkloadRef): EntityType {
  return w.kind === 'Service'
    ? 'Service'
    : ((ENTITIES[w.kind.toLowerCase()] ?? w.kind) as EntityType);
}

function decisionFor(all: Decisions[], w: WorkloadRef): Decisions {
  return all.find((d) => sameWorkload(d.workload, w)) ?? defaultDecisions(w);
}

/** The named workload: by --entity, else the one workload that has this name in the namespace. */
function findWorkload(a: GenerateArgs, result: AnalyzeResult): WorkloadRef {
  const found = findByName(result.inventory, result.aggregates, a.namespace, a.name!, a.entity);
  if (found.ok) return found.workload;
  const id = `${a.entity === 'all' ? 'workload' : a.entity} ${a.namespace}/${a.name!}`;
  if (found.problem === 'ambiguous') {
    const list = found.candidates.map((w) => `${w.kind} ${w.namespace}/${w.name}`).join(', ');
    throw new UsageError(
      `'${a.namespace}/${a.name!}' could be any of: ${list}; say which with --entity (and --name)`,
    );
  }
  throw new UsageError(`no ${id} in the metadata or the flows${nearText(found.near)}`);
}

/** The same command-line choices for every workload in scope, plus its own exclusions. */
function decide(
  a: GenerateArgs,
  comms: Communication[],
): { decisions: Decisions[]; unmatched: string[] } {
  const used = new Set<string>();
  const refs = new Map(comms.map((c) => [workloadKey(c.workload), c.workload]));
  const decisions = [...refs.values()].map((w) => {
    const mine = comms.filter((c) => sameWorkload(c.workload, w));
    const excluded = mine.filter((c) => {
      const hits = a.exclusions.filter((e) => excludes(e, c));
      for (const e of hits) used.add(e.text);
      return hits.length > 0;
    });
    const base: Decisions = {
      ...defaultDecisions(w),
      ingressDefault: a.ingressDefault,
      egressDefault: a.egressDefault,
      allowDns: a.allowDns,
      includedIps: a.includeIps,
    };
    return setIncluded(
      excluded.map((c) => c.key),
      false,
    )(base);
  });
  return { decisions, unmatched: a.exclusions.map((e) => e.text).filter((t) => !used.has(t)) };
}

async function readArgs(args: string[]): Promise<GenerateArgs> {
  const p = parseArgs(args, {
    values: [
      ...SOURCE_OPTIONS,
      'name',
      'exclude',
      'include-ip',
      'ingress-default',
      'egress-default',
    ],
    flags: ['allow-dns', 'help'],
    multiValue: MULTI_VALUE_OPTIONS,
  });
  const namespace = single(p, 'namespace');
  if (!namespace) throw new UsageError('--namespace is required');
  return {
    ...(await readSourceArgs(p)),
    namespace,
    name: single(p, 'name'),
    exclusions: (p.values.get('exclude') ?? []).map(exclusionArg),
    includeIps: (p.values.get('include-ip') ?? []).map((v) =>
      checked(v, toCidr(v) !== null, '--include-ip', 'an IP or CIDR'),
    ),
    ingressDefault: ruleArg(p, 'ingress-default'),
    egressDefault: ruleArg(p, 'egress-default'),
    allowDns: p.flags.has('allow-dns'),
  };
}

function ruleArg(p: ParsedArgs, name: string): GeneralRule {
  const v = single(p, name) ?? 'block';
  if (!RULES.includes(v as GeneralRule))
    throw new UsageError(`--${name} must be one of ${RULES.join(', ')} (got '${v}')`);
  return v as GeneralRule;
}

function formatWarning(w: PolicyWarning): string {
  const who = w.workload ? `${w.workload.kind} ${w.workload.namespace}/${w.workload.name}: ` : '';
  return `warning ${w.code} ${who}${w.message}\n`;
}
