/**
 * `netpolish analyze` (DESIGN.md §5): the communications of the workloads of one entity type,
 * each from the workload's side, as JSON (`--json`) or a readable table. Reads files through
 * io.ts and hands streams to the engine's pipeline; this is the only layer that knows paths.
 * Exit codes: 0 (also when lines were skipped: they are diagnostics), 1 for unusable
 * arguments or a file that cannot be read at all.
 */
import { access, constants } from 'node:fs/promises';
import {
  type CliIo,
  expandInputs,
  openStream,
  parseArgs,
  single,
  UsageError,
  type InputFile,
} from './io';
import { analyzeStreams } from '../lib/engine/pipeline';
import type { AggregationStats } from '../lib/engine/aggregate/aggregate';
import { queryCommunications } from '../lib/engine/aggregate/query';
import { parseAliasArg, parseCidr, type Alias } from '../lib/engine/classify/index';
import type { Communication, Peer } from '../lib/engine/model/communication';
import type { Diagnostic } from '../lib/engine/model/diagnostic';
import type { EntityType } from '../lib/engine/model/k8s';

export const ANALYZE_USAGE = `Usage: netpolish analyze --flows <file|dir>... [--metadata <file|dir>...] [options]

Aggregates captured flows into communications, each seen from the side of a workload of the
selected entity type (peers rolled up to their top owner).

Options:
  --metadata <file|dir>...   kubectl dumps (JSON or YAML, plain or .gz); folders: their files
  --flows <file|dir>...      flow captures (Hubble, Calico, Zeek, VPC flow logs, conntrack, …)
  --entity <type>            deployment|daemonset|statefulset|cronjob|job|service (default: all)
  --namespace <ns>           only workloads of this namespace
  --from <ISO8601>           only activity at or after this time (UTC unless an offset is given)
  --to <ISO8601>             only activity at or before this time
  --cluster-cidr <CIDR>      an address range of the cluster (repeatable)
  --alias <CIDR=NAME>        a name for an IP or CIDR (repeatable)
  --json                     print JSON: {"communications": […], "diagnostics": […]}
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

interface AnalyzeArgs {
  metadata: InputFile[];
  flows: InputFile[];
  entity: EntityType | 'all';
  namespace?: string;
  from?: number;
  to?: number;
  clusterCidrs: string[];
  aliases: Alias[];
  json: boolean;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(ANALYZE_USAGE);
    return 0;
  }
  const a = await readArgs(args);
  const inputs = [...a.metadata, ...a.flows].map((f) => ({
    name: f.name,
    open: () => openStream(f),
  }));
  const result = await analyzeStreams(inputs);
  const communications = queryCommunications({
    aggregates: result.aggregates,
    inventory: result.inventory,
    entity: a.entity,
    namespace: a.namespace,
    from: a.from,
    to: a.to,
    clusterCidrs: a.clusterCidrs,
    aliases: a.aliases,
  });
  if (a.json) io.out(JSON.stringify(toJson(communications, result.diagnostics), null, 2) + '\n');
  else printTable(io, communications, result.diagnostics, result.stats);
  return 0;
}

async function readArgs(args: string[]): Promise<AnalyzeArgs> {
  const p = parseArgs(args, {
    values: ['metadata', 'flows', 'entity', 'namespace', 'from', 'to', 'cluster-cidr', 'alias'],
    flags: ['json', 'help'],
    multiValue: ['metadata', 'flows'],
  });
  const flowPaths = p.values.get('flows') ?? [];
  if (flowPaths.length === 0)
    throw new UsageError('--flows is required (a capture file or folder)');
  const entityArg = single(p, 'entity');
  const entity = entityArg === undefined ? 'all' : ENTITIES[entityArg.toLowerCase()];
  if (!entity) {
    throw new UsageError(
      `--entity must be one of ${Object.keys(ENTITIES).join(', ')} (got '${entityArg}')`,
    );
  }
  const from = isoArg(p, 'from');
  const to = isoArg(p, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new UsageError('--from is after --to');
  return {
    metadata: await readable(p.values.get('metadata') ?? []),
    flows: await readable(flowPaths),
    entity,
    namespace: single(p, 'namespace'),
    from,
    to,
    clusterCidrs: (p.values.get('cluster-cidr') ?? []).map(cidrArg),
    aliases: (p.values.get('alias') ?? []).map(aliasArg),
    json: p.flags.has('json'),
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 time → epoch ms; without an offset it is UTC (the same on every machine). */
function isoArg(p: ReturnType<typeof parseArgs>, name: string): number | undefined {
  const v = single(p, name);
  if (v === undefined) return undefined;
  const utc = v.length > 10 && !HAS_ZONE.test(v) ? `${v}Z` : v;
  const ms = ISO_DATE.test(v) ? Date.parse(utc) : NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} '${v}' is not an ISO 8601 time`);
  return ms;
}

function cidrArg(v: string): string {
  if (parseCidr(v) === null) throw new UsageError(`--cluster-cidr '${v}' is not a CIDR`);
  return v;
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

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function peerJson(p: Peer): unknown {
  if (p.type === 'workload')
    return { type: 'workload', kind: p.kind, namespace: p.namespace, name: p.name };
  if (p.type === 'node') return { type: 'node', name: p.name, ip: p.ip };
  return { type: 'ip', ip: p.ip, class: p.class, alias: p.alias };
}

/** The `--json` document, fields in the order DESIGN.md §5 lists them. */
export function toJson(communications: Communication[], diagnostics: Diagnostic[]): unknown {
  return {
    communications: communications.map((c) => ({
      direction: c.direction,
      workload: { kind: c.workload.kind, namespace: c.workload.namespace, name: c.workload.name },
      peer: peerJson(c.peer),
      port: c.port,
      protocol: c.protocol,
      flows: c.flows,
      firstSeen: iso(c.firstSeen),
      lastSeen: iso(c.lastSeen),
    })),
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      message: d.message,
      file: d.file,
      line: d.line,
    })),
  };
}

function peerText(p: Peer): string {
  if (p.type === 'workload') return `${p.kind} ${p.namespace}/${p.name}`;
  if (p.type === 'node') return `node ${p.name} (${p.ip})`;
  return `${p.ip}${p.alias ? ` (${p.alias})` : ''} [${p.class}]`;
}

function printTable(
  io: CliIo,
  comms: Communication[],
  diagnostics: Diagnostic[],
  stats: AggregationStats,
): void {
  const header = ['WORKLOAD', 'DIRECTION', 'PEER', 'PORT', 'FLOWS', 'FIRST SEEN', 'LAST SEEN'];
  const rows = comms.map((c) => [
    `${c.workload.kind} ${c.workload.namespace}/${c.workload.name}`,
    c.direction,
    peerText(c.peer),
    `${c.port}/${c.protocol}`,
    String(c.flows),
    iso(c.firstSeen) ?? '-',
    iso(c.lastSeen) ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  io.out([line(header), ...rows.map(line)].join('\n') + '\n');
  const { initiations, replies, undetermined } = stats;
  io.out(
    `${comms.length} communication${comms.length === 1 ? '' : 's'} from ${initiations} flow${initiations === 1 ? '' : 's'}` +
      ` (not counted: ${replies} replies, ${undetermined} without a known initiator)\n`,
  );
  for (const d of diagnostics) {
    io.err(
      `${d.file}${d.line === null ? '' : `:${d.line}`}: ${d.severity} ${d.code} ${d.message}\n`,
    );
  }
}
