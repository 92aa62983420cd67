/**
 * `netpolish generate` (DESIGN.md §5): NetworkPolicy YAML for one workload, or for a whole
 * namespace (with a default-deny) when --name is omitted. Flows and metadata go through the same
 * pipeline and query as `analyze`; the command-line choices become Decisions; the engine's
 * policy/ generates and validates. YAML on stdout; diagnostics and warnings on stderr.
 * Exit codes: 0 ok, 1 unusable arguments or unreadable file, 2 an invalid document (a bug).
 */
import { access, constants } from 'node:fs/promises';
import {
  type CliIo,
  expandInputs,
  type InputFile,
  openStream,
  parseArgs,
  single,
  UsageError,
} from './io';
import { analyzeStreams } from '../lib/engine/pipeline';
import { queryCommunications } from '../lib/engine/aggregate/query';
import { parseAliasArg, parseCidr, type Alias } from '../lib/engine/classify/index';
import type { Communication, Peer, WorkloadRef } from '../lib/engine/model/communication';
import type { Diagnostic } from '../lib/engine/model/diagnostic';
import type { EntityType, Inventory, NetworkPolicy } from '../lib/engine/model/k8s';
import { cidrContainsIp, toCidr } from '../lib/engine/policy/cidr';
import {
  type Decisions,
  type GeneralRule,
  defaultDecisions,
  setIncluded,
} from '../lib/engine/policy/decisions';
import { generateNamespacePolicies, generatePolicy, toYaml } from '../lib/engine/policy/generate';
import { validatePolicy } from '../lib/engine/policy/validate';
import type { PolicyWarning } from '../lib/engine/policy/warnings';

export const GENERATE_USAGE = `Usage: netpolish generate --metadata <file|dir>... --flows <file|dir>... --namespace <ns>
                          [--entity <type>] [--name <workload>] [options]

Prints the NetworkPolicy of one workload as YAML (kubectl apply -f ready). Without --name: one
policy per workload of the namespace that has communications, plus a default-deny.
By default every resolved communication (workloads, nodes) is allowed and IP peers are not.

Options:
  --metadata <file|dir>...   kubectl dumps (JSON or YAML, plain or .gz); folders: their files
  --flows <file|dir>...      flow captures (Hubble, Calico, Zeek, VPC flow logs, conntrack, …)
  --namespace <ns>           the workload's namespace (required)
  --entity <type>            deployment|daemonset|statefulset|cronjob|job|service
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
`;

const ENTITIES: Record<string, EntityType> = {
  deployment: 'Deployment',
  daemonset: 'DaemonSet',
  statefulset: 'StatefulSet',
  cronjob: 'CronJob',
  job: 'Job',
  service: 'Service',
};
const RULES: GeneralRule[] = ['block', 'namespace', 'all'];

interface Exclusion {
  text: string;
  direction: 'ingress' | 'egress';
  peer: string;
  port: number | null;
  protocol: string | null;
}

interface GenerateArgs {
  metadata: InputFile[];
  flows: InputFile[];
  namespace: string;
  entity: EntityType | 'all';
  name?: string;
  from?: number;
  to?: number;
  clusterCidrs: string[];
  aliases: Alias[];
  exclusions: Exclusion[];
  includeIps: string[];
  ingressDefault: GeneralRule;
  egressDefault: GeneralRule;
  allowDns: boolean;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(GENERATE_USAGE);
    return 0;
  }
  const a = await readArgs(args);
  const inputs = [...a.metadata, ...a.flows].map((f) => ({
    name: f.name,
    open: () => openStream(f),
  }));
  const result = await analyzeStreams(inputs);
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  const inventory = result.inventory;
  const workload = a.name === undefined ? undefined : findWorkload(a, inventory, result.aggregates);
  const communications = queryCommunications({
    aggregates: result.aggregates,
    inventory,
    entity: workload ? entityOf(workload) : a.entity,
    namespace: a.namespace,
    from: a.from,
    to: a.to,
    clusterCidrs: a.clusterCidrs,
    aliases: a.aliases,
    workload,
  });
  const { decisions, unmatched } = decide(a, communications);
  for (const e of unmatched)
    io.err(`netpolish generate: --exclude '${e}' matches no communication\n`);
  const input = { inventory, communications, aliases: a.aliases };
  const { policies, warnings } = workload
    ? asList(
        generatePolicy({
          ...input,
          workload,
          entityType: entityOf(workload),
          decisions: decisionFor(decisions, workload),
        }),
      )
    : generateNamespacePolicies({
        ...input,
        namespace: a.namespace,
        entityType: a.entity === 'Service' ? 'Service' : 'Deployment',
        decisions,
      });
  for (const w of warnings) io.err(formatWarning(w));
  return emit(io, policies);
}

function asList(r: { policy: NetworkPolicy; warnings: PolicyWarning[] }) {
  return { policies: [r.policy], warnings: r.warnings };
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

const sameRef = (x: WorkloadRef, y: WorkloadRef) =>
  x.kind === y.kind && x.namespace === y.namespace && x.name === y.name;

function decisionFor(all: Decisions[], w: WorkloadRef): Decisions {
  return all.find((d) => sameRef(d.workload, w)) ?? defaultDecisions(w);
}

/** The named workload: by --entity, else the one kind that has this name in the namespace. */
function findWorkload(
  a: GenerateArgs,
  inv: Inventory,
  aggregates: { client: unknown; server: unknown }[],
): WorkloadRef {
  const name = a.name!;
  const known: WorkloadRef[] = [
    ...inv.workloads,
    ...inv.services.map((s) => ({ kind: 'Service', namespace: s.namespace, name: s.name })),
    ...inv.pods
      .filter((p) => p.owner.kind === 'Pod')
      .map((p) => ({ kind: 'Pod', namespace: p.namespace, name: p.name })),
    ...aggregates.flatMap((x) => [x.client, x.server]).filter(isWorkloadEndpoint),
  ].filter((w) => w.namespace === a.namespace && w.name === name);
  const kinds = [...new Set(known.map((w) => w.kind))]
    .filter((k) => a.entity === 'all' || k === a.entity)
    .sort();
  const id = `${a.entity === 'all' ? 'workload' : a.entity} ${a.namespace}/${name}`;
  if (kinds.length === 0) throw new UsageError(`no ${id} in the metadata or the flows`);
  if (kinds.length > 1)
    throw new UsageError(
      `'${a.namespace}/${name}' names a ${kinds.join(' and a ')}: say which with --entity`,
    );
  return { kind: kinds[0]!, namespace: a.namespace, name };
}

function isWorkloadEndpoint(e: unknown): e is WorkloadRef {
  return typeof e === 'object' && e !== null && (e as { type?: string }).type === 'workload';
}

/** The same command-line choices for every workload in scope, plus its own exclusions. */
function decide(
  a: GenerateArgs,
  comms: Communication[],
): { decisions: Decisions[]; unmatched: string[] } {
  const used = new Set<string>();
  const refs = new Map(
    comms.map((c) => [`${c.workload.kind}/${c.workload.namespace}/${c.workload.name}`, c.workload]),
  );
  const decisions = [...refs.entries()].map(([id, w]) => {
    const mine = comms.filter(
      (c) => `${c.workload.kind}/${c.workload.namespace}/${c.workload.name}` === id,
    );
    const excluded = mine.filter((c) => {
      const hits = a.exclusions.filter((e) => matches(e, c));
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

function matches(e: Exclusion, c: Communication): boolean {
  if (e.direction !== c.direction) return false;
  if (e.port !== null && e.port !== c.port) return false;
  if (e.protocol !== null && e.protocol !== c.protocol.toUpperCase()) return false;
  return peerMatches(e.peer, c.peer);
}

function peerMatches(text: string, p: Peer): boolean {
  if (p.type === 'workload') {
    const [kind = '', ns = '', name = ''] = text.split('/');
    return kind.toLowerCase() === p.kind.toLowerCase() && ns === p.namespace && name === p.name;
  }
  const cidr = toCidr(text);
  return cidr !== null && cidrContainsIp(cidr, p.ip);
}

/** `<ingress|egress>:<peer>:<port>/<proto>`; the peer may hold colons (IPv6). */
function exclusionArg(text: string): Exclusion {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  const direction = text.slice(0, first);
  const m = /^(\d+)(?:\/([A-Za-z]+))?$/.exec(text.slice(last + 1));
  const peer = text.slice(first + 1, last);
  const port = m ? Number(m[1]) : NaN;
  if (
    (direction !== 'ingress' && direction !== 'egress') ||
    first === last ||
    !m ||
    !peer ||
    port < 1 ||
    port > 65535
  ) {
    throw new UsageError(`--exclude '${text}' is not <ingress|egress>:<peer>:<port>/<proto>`);
  }
  const isPeer = peer.split('/').length === 3 || toCidr(peer) !== null;
  if (!isPeer)
    throw new UsageError(
      `--exclude '${text}': the peer is neither kind/namespace/name nor an IP or CIDR`,
    );
  return { text, direction, peer, port, protocol: m[2]?.toUpperCase() ?? null };
}

async function readArgs(args: string[]): Promise<GenerateArgs> {
  const p = parseArgs(args, {
    values: [
      'metadata',
      'flows',
      'entity',
      'namespace',
      'name',
      'from',
      'to',
      'cluster-cidr',
      'alias',
      'exclude',
      'include-ip',
      'ingress-default',
      'egress-default',
    ],
    flags: ['allow-dns', 'help'],
    multiValue: ['metadata', 'flows'],
  });
  const flowPaths = p.values.get('flows') ?? [];
  if (flowPaths.length === 0)
    throw new UsageError('--flows is required (a capture file or folder)');
  const namespace = single(p, 'namespace');
  if (!namespace) throw new UsageError('--namespace is required');
  const from = isoArg(p, 'from');
  const to = isoArg(p, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new UsageError('--from is after --to');
  return {
    metadata: await readable(p.values.get('metadata') ?? []),
    flows: await readable(flowPaths),
    namespace,
    entity: entityArg(single(p, 'entity')),
    name: single(p, 'name'),
    from,
    to,
    clusterCidrs: (p.values.get('cluster-cidr') ?? []).map((v) =>
      checked(v, parseCidr(v) !== null, '--cluster-cidr', 'a CIDR'),
    ),
    aliases: (p.values.get('alias') ?? []).map(aliasArg),
    exclusions: (p.values.get('exclude') ?? []).map(exclusionArg),
    includeIps: (p.values.get('include-ip') ?? []).map((v) =>
      checked(v, toCidr(v) !== null, '--include-ip', 'an IP or CIDR'),
    ),
    ingressDefault: ruleArg(p, 'ingress-default'),
    egressDefault: ruleArg(p, 'egress-default'),
    allowDns: p.flags.has('allow-dns'),
  };
}

function checked(v: string, ok: boolean, option: string, what: string): string {
  if (!ok) throw new UsageError(`${option} '${v}' is not ${what}`);
  return v;
}

function entityArg(v: string | undefined): EntityType | 'all' {
  if (v === undefined) return 'all';
  const e = ENTITIES[v.toLowerCase()];
  if (!e)
    throw new UsageError(
      `--entity must be one of ${Object.keys(ENTITIES).join(', ')} (got '${v}')`,
    );
  return e;
}

function ruleArg(p: ReturnType<typeof parseArgs>, name: string): GeneralRule {
  const v = single(p, name) ?? 'block';
  if (!RULES.includes(v as GeneralRule))
    throw new UsageError(`--${name} must be one of ${RULES.join(', ')} (got '${v}')`);
  return v as GeneralRule;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function isoArg(p: ReturnType<typeof parseArgs>, name: string): number | undefined {
  const v = single(p, name);
  if (v === undefined) return undefined;
  const ms = ISO_DATE.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} '${v}' is not an ISO 8601 time`);
  return ms;
}

function aliasArg(v: string): Alias {
  const a = parseAliasArg(v);
  if ('error' in a) throw new UsageError(`--alias: ${a.error}`);
  return a;
}

/** Files and folders → input files, each checked readable (else exit 1). */
async function readable(paths: string[]): Promise<InputFile[]> {
  const files = await expandInputs(paths);
  for (const f of files) {
    try {
      await access(f.path, constants.R_OK);
    } catch (e) {
      throw new UsageError(`cannot read '${f.name}': ${(e as Error).message}`);
    }
  }
  return files;
}

function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}${d.line === null ? '' : `:${d.line}`}: ${d.severity} ${d.code} ${d.message}\n`;
}

function formatWarning(w: PolicyWarning): string {
  const who = w.workload ? `${w.workload.kind} ${w.workload.namespace}/${w.workload.name}: ` : '';
  return `warning ${w.code} ${who}${w.message}\n`;
}
