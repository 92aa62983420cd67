/**
 * `netpolish generate` (DESIGN.md §5): policy YAML for one workload, or for a whole namespace
 * (with a default-deny) when --name is omitted, in the dialect --dialect names (Kubernetes
 * NetworkPolicy by default; Cilium, Calico, Calico staged). Flows and metadata go through the same
 * pipeline and query as `analyze`; the command-line choices become Decisions; the engine's
 * policy/ generates and validates. YAML on stdout; diagnostics and warnings on stderr.
 * Exit codes: 0 ok, 1 unusable arguments or unreadable file, 2 an invalid document (a bug).
 */
import { applyLinesV8Flags, withoutOptimizing } from './v8-flags';
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
  withNameAliases,
  SOURCE_OPTIONS,
  type SourceArgs,
  undeterminedOf,
  scopeOf,
  type Analyzed,
} from './options';
import { exclusionArg, excludes, type Exclusion } from './exclusions';
import {
  DEFAULT_DIALECT,
  defaultDecisions,
  dialectById,
  DIALECTS,
  findByName,
  render,
  sameWorkload,
  setIncluded,
  toCidr,
  workloadKey,
  type Communication,
  type Decisions,
  type EntityType,
  type GeneralRule,
  type PolicyDialect,
  type PolicyWarning,
  type Rendered,
  type WorkloadRef,
} from '../lib/engine/index';

export const GENERATE_USAGE = `Usage: netpolish generate --metadata <file|dir>... --flows <file|dir>... --namespace <ns>
                          [--entity <type>] [--name <workload>] [options]

Prints the NetworkPolicy of one workload as YAML (kubectl apply -f ready), or its
CiliumNetworkPolicy, Calico NetworkPolicy or StagedNetworkPolicy (--dialect). Without --name: the
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
  --alias-by-name <NAME>     alias every IP the DNS name answered after the name (repeatable)
  --threads <N>              parse workers: big files read in parts, several files at once
                             (default: the machine's cores, at most 8; same output as 1)
  --cluster-cidr <CIDR>      an address range of the cluster (IP classes; repeatable)
  --ingress-default <rule>   block (only the allowed rows) | namespace | all   (default: block)
  --egress-default <rule>    block | namespace | all                           (default: block)
  --allow-dns                allow UDP and TCP to the cluster DNS pods (from the dump's Service)
  --dialect <dialect>        the policy dialect (default: k8s):
${dialectsHelp()}
  --from <ISO8601>           only activity at or after this time
  --to <ISO8601>             only activity at or before this time
  --help                     this text

${flowFormatsHelp()}`;

const RULES: GeneralRule[] = ['block', 'namespace', 'all'];

function dialectsHelp(): string {
  return DIALECTS.map((d) => `                               ${d.id.padEnd(14)} ${d.label}`).join(
    '\n',
  );
}

interface GenerateArgs extends SourceArgs {
  namespace: string;
  name?: string;
  exclusions: Exclusion[];
  includeIps: string[];
  ingressDefault: GeneralRule;
  egressDefault: GeneralRule;
  allowDns: boolean;
  dialect: PolicyDialect;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (helpAsked(args, io, GENERATE_USAGE)) return 0;
  const read = await readArgs(args);
  // The dumps are read into the inventory once: V8's optimizing compiler is off meanwhile. The
  // flags for the lines: on one thread now, with worker threads once they loaded (threads.ts).
  const result = await analyzeSources(
    read,
    io.ownProcess ? { aroundInventory: withoutOptimizing, onOneThread: applyLinesV8Flags } : {},
  );
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  checkNamespaceArg(result, read.namespace);
  const a = await withNameAliases(result, read);
  if (a.name === undefined) return emitBundle(io, a, result);
  const workload = findWorkload(a, result);
  const scope = { ref: workload, entity: entityOf(workload) };
  const communications = await communicationsOf(result, a, scope);
  const { decisions, unmatched } = decide(a, communications);
  reportUnmatched(io, unmatched);
  reportUndetermined(io, await undeterminedOf(result, a, scope));
  const { ir, irWarnings } = await result.workspace.generate({
    ...scopeOf(result, a, scope),
    workload,
    decisions: decisionFor(decisions, workload),
  });
  return emit(io, a.dialect, render(a.dialect, ir, irWarnings));
}

/** Without --name: the namespace bundle, the same workspace function the app's bundle uses. */
async function emitBundle(io: CliIo, a: GenerateArgs, result: Analyzed): Promise<number> {
  const all = { ...a, entity: 'all' as const };
  const communications = await communicationsOf(result, all);
  const { decisions, unmatched } = decide(a, communications);
  reportUnmatched(io, unmatched);
  reportUndetermined(io, await undeterminedOf(result, all));
  for (const d of decisions) result.store.saveDecisions(result.cluster, d);
  const { ir, irWarnings } = await result.workspace.generate({
    ...scopeOf(result, all),
    namespace: a.namespace,
  });
  return emit(io, a.dialect, render(a.dialect, ir, irWarnings));
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

function emit(io: CliIo, dialect: PolicyDialect, r: Rendered): number {
  for (const w of r.warnings) io.err(formatWarning(w));
  if (r.errors.length > 0) {
    const invalid = r.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
    io.err(
      `netpolish generate: internal error: generated an invalid ${dialect.label}\n${invalid}\n`,
    );
    return 2;
  }
  io.out(r.yaml);
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
function findWorkload(a: GenerateArgs, result: Analyzed): WorkloadRef {
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
      'dialect',
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
    dialect: dialectArg(p),
  };
}

function dialectArg(p: ParsedArgs): PolicyDialect {
  const v = single(p, 'dialect') ?? DEFAULT_DIALECT;
  const d = dialectById(v);
  if (!d) {
    const ids = DIALECTS.map((x) => x.id).join(', ');
    throw new UsageError(`--dialect must be one of ${ids} (got '${v}')`);
  }
  return d;
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
