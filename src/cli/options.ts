/**
 * What `analyze` and `generate` share: the options that say which flows to read and how to
 * see them (input files, entity type, namespace, time window, cluster CIDRs, aliases), their
 * checks (a bad value is a UsageError with the same message in both commands), running the
 * inputs through the engine's pipeline and query, and the stderr line of a diagnostic.
 */
import {
  aliasesByName,
  analyzeStreams,
  checkNamespace,
  createWorkspace,
  FLOW_FAMILIES_TEXT,
  groupIpsByName,
  knownNamespaces,
  memoryStore,
  normalizeName,
  parseAliasArg,
  parseCidrLenient,
  parseTimeArg,
  type Alias,
  type AnalyzeInput,
  type AnalyzeOptions,
  type AnalyzeResult,
  type Communication,
  type Diagnostic,
  type EntityType,
  type MemoryStore,
  type ScopeQuery,
  type WorkloadRef,
  type Workspace,
} from '../lib/engine/index';
import { nodeCrypto } from './builtins';
import { defaultThreads, MAX_THREADS, threadsPlan, workerParts } from './threads';
import {
  openStream,
  recycleChunk,
  readableInputs,
  readSlice,
  single,
  UsageError,
  type InputFile,
  type ParsedArgs,
} from './io';

/** `--entity` values (lower case) → entity types. */
export const ENTITIES: Readonly<Record<string, EntityType>> = {
  deployment: 'Deployment',
  daemonset: 'DaemonSet',
  statefulset: 'StatefulSet',
  cronjob: 'CronJob',
  job: 'Job',
  service: 'Service',
};

/** The value options `readSourceArgs` reads; `metadata` and `flows` take several values. */
export const SOURCE_OPTIONS = [
  'metadata',
  'flows',
  'entity',
  'namespace',
  'from',
  'to',
  'cluster-cidr',
  'alias',
  'alias-by-name',
  'threads',
];
export const MULTI_VALUE_OPTIONS = ['metadata', 'flows'];

export interface SourceArgs {
  metadata: InputFile[];
  flows: InputFile[];
  entity: EntityType | 'all';
  namespace?: string;
  from?: number;
  to?: number;
  clusterCidrs: string[];
  aliases: Alias[];
  /** DNS names whose IPs get an alias after the name (withNameAliases). */
  aliasByName: string[];
  /** Parse workers (`--threads`, default: the machine's cores, capped). */
  threads: number;
}

/** The shared options of a parsed command line; `--flows` is required, files must be readable. */
export async function readSourceArgs(p: ParsedArgs): Promise<SourceArgs> {
  const flowPaths = p.values.get('flows') ?? [];
  if (flowPaths.length === 0)
    throw new UsageError('--flows is required (a capture file or folder)');
  const entity = entityArg(single(p, 'entity'));
  const from = isoArg(p, 'from');
  const to = isoArg(p, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new UsageError('--from is after --to');
  return {
    metadata: await readableInputs(p.values.get('metadata') ?? []),
    flows: await readableInputs(flowPaths),
    entity,
    namespace: single(p, 'namespace'),
    from,
    to,
    clusterCidrs: (p.values.get('cluster-cidr') ?? []).map((v) =>
      checked(v, parseCidrLenient(v) !== null, '--cluster-cidr', 'a CIDR'),
    ),
    aliases: (p.values.get('alias') ?? []).map(aliasArg),
    aliasByName: (p.values.get('alias-by-name') ?? []).map((v) =>
      normalizeName(checked(v, normalizeName(v) !== null, '--alias-by-name', 'a DNS name'))!,
    ),
    threads: threadsArg(single(p, 'threads')),
  };
}

function threadsArg(v: string | undefined): number {
  if (v === undefined) return defaultThreads();
  const n = Number(v);
  checked(
    v,
    /^\d+$/.test(v) && n >= 1 && n <= MAX_THREADS,
    '--threads',
    `a number from 1 to ${MAX_THREADS}`,
  );
  return n;
}

/** `v` when `ok`, else the UsageError "<option> '<v>' is not <what>". */
export function checked(v: string, ok: boolean, option: string, what: string): string {
  if (!ok) throw new UsageError(`${option} '${v}' is not ${what}`);
  return v;
}

function entityArg(v: string | undefined): EntityType | 'all' {
  if (v === undefined) return 'all';
  const e = Object.hasOwn(ENTITIES, v.toLowerCase()) ? ENTITIES[v.toLowerCase()] : undefined;
  if (!e)
    throw new UsageError(
      `--entity must be one of ${Object.keys(ENTITIES).join(', ')} (got '${v}')`,
    );
  return e;
}

/** An ISO 8601 date or time → epoch ms (UTC without an offset); a date that does not exist is refused. */
function isoArg(p: ParsedArgs, name: string): number | undefined {
  const v = single(p, name);
  if (v === undefined) return undefined;
  const ms = parseTimeArg(v);
  if (Number.isNaN(ms))
    throw new UsageError(
      `--${name} '${v}' is not an ISO 8601 date or time between 1970 and 9999 (e.g. 2024-02-29T10:00:00Z)`,
    );
  return ms;
}

function aliasArg(v: string): Alias {
  const a = parseAliasArg(v);
  if ('error' in a) throw new UsageError(`--alias: ${a.error}`);
  return a;
}

/** What the inputs gave, and the engine's workspace over it (in memory). */
export interface Analyzed extends AnalyzeResult {
  cluster: string;
  store: MemoryStore;
  workspace: Workspace;
}

/**
 * Metadata and flow files through the engine's pipeline (streamed, never read whole), into a
 * workspace in memory: the CLI then asks the same workspace functions the app's worker asks.
 */
export async function analyzeSources(
  a: SourceArgs,
  opts: Pick<AnalyzeOptions, 'onFlowsRead' | 'aroundInventory'> & {
    /** Called first when the flows are read on this thread only (`--threads 1`). */
    onOneThread?(): void;
  } = {},
): Promise<Analyzed> {
  const files = new Map<AnalyzeInput, InputFile>();
  const inputs = [...a.metadata, ...a.flows].map((f) => {
    const input: AnalyzeInput = {
      name: f.name,
      open: () => openStream(f),
      recycle: recycleChunk,
      once: f.once === true,
      ...(f.size !== undefined && { size: f.size, slice: (s, e) => readSlice(f, s, e) }),
    };
    files.set(input, f);
    return input;
  });
  // Flow files big enough to be read in parts: the workers start now, loading their code while
  // this thread reads the dumps (the engine's planParts decides the parts; see threads.ts).
  const plan = await threadsPlan(a.threads, a.flows);
  const prestart = plan.prestart === true;
  const parts = a.threads > 1 ? workerParts(a.threads, files, plan) : undefined;
  if (!parts) opts.onOneThread?.();
  let result: AnalyzeResult;
  try {
    result = await analyzeStreams(inputs, {
      sha256: nodeSha256,
      ...(parts && { parts }),
      ...(opts.onFlowsRead && { onFlowsRead: opts.onFlowsRead }),
      // With workers started, around the build only, and only once they have loaded their code:
      // V8 takes a code cache (the bundle's, Node's own modules') only under the flags it was
      // made under, and a worker still loading compiled its code from the sources.
      ...(opts.aroundInventory &&
        (parts && prestart
          ? { aroundBuild: loadedFirst(parts, opts.aroundInventory) }
          : { aroundInventory: opts.aroundInventory })),
    });
  } finally {
    // The threads end while the answer is queried and printed (the process waits for them).
    void parts?.close();
  }
  const cluster = result.inventory.cluster;
  const store = memoryStore();
  store.addShard(cluster, {
    inventory: result.inventory,
    aggregates: result.aggregates,
    names: result.names,
  });
  return { ...result, cluster, store, workspace: createWorkspace(store) };
}

/**
 * Longest the main thread waits, before the inventory's build, for the parse workers started
 * with the run to load their code (3–28 ms in runs of the bench's command at load 5–7, and once
 * past it); past it, the build runs as it is.
 */
export const LOAD_WAIT_MS = 50;

/**
 * `around` for the inventory's build once the started workers have loaded their code (waited
 * for at most LOAD_WAIT_MS: this thread parsed the dumps meanwhile); the build as it is if not.
 * At two threads on the bench's 200k capture `around` (the optimizing compiler off) saves the
 * compiles of the build's functions on V8's background threads (docs/SCALE.md).
 */
export function loadedFirst(
  parts: { loadedWithin(ms: number): boolean },
  around: <T>(build: () => T) => T,
): <T>(build: () => T) => T {
  return (build) => (parts.loadedWithin(LOAD_WAIT_MS) ? around(build) : build());
}

/** node:crypto's SHA-256 for the engine's content hash (duplicate inputs are counted once). */
const nodeSha256 = (bytes: Uint8Array): Promise<Uint8Array> =>
  Promise.resolve(new Uint8Array(nodeCrypto().createHash('sha256').update(bytes).digest()));

/** The workspace's question for the options' scope (`workload` with its entity narrows to one). */
export function scopeOf(
  r: Analyzed,
  a: SourceArgs,
  workload?: { ref: WorkloadRef; entity: EntityType },
  explain = false,
): ScopeQuery {
  return {
    ...(explain && { explain }),
    cluster: r.cluster,
    entity: workload?.entity ?? a.entity,
    namespace: a.namespace,
    from: a.from,
    to: a.to,
    clusterCidrs: a.clusterCidrs,
    aliases: a.aliases,
  };
}

/** Every row in the options' scope, the undetermined pairs (read both ways) too. */
async function rowsOf(
  r: Analyzed,
  a: SourceArgs,
  workload?: { ref: WorkloadRef; entity: EntityType },
  explain = false,
): Promise<Communication[]> {
  const q = scopeOf(r, a, workload, explain);
  return workload
    ? r.workspace.workloadCommunications({ ...q, workload: workload.ref })
    : r.workspace.scopeCommunications(q);
}

/**
 * The communications in the options' scope; `workload` (with its entity) narrows to one.
 * `explain`: IP peers say why they are unresolved (`why`, as the app's review shows).
 */
export async function communicationsOf(
  r: Analyzed,
  a: SourceArgs,
  workload?: { ref: WorkloadRef; entity: EntityType },
  explain = false,
): Promise<Communication[]> {
  return (await rowsOf(r, a, workload, explain)).filter((c) => !c.undetermined);
}

/**
 * The undetermined rows in the same scope (initiator unknown, DESIGN.md §5): each pair read
 * both ways, as the app's review lists them. No option includes them: they stay out of the
 * CLI's policies, which say how many were left out.
 */
export async function undeterminedOf(
  r: Analyzed,
  a: SourceArgs,
  workload?: { ref: WorkloadRef; entity: EntityType },
  explain = false,
): Promise<Communication[]> {
  return (await rowsOf(r, a, workload, explain)).filter((c) => c.undetermined);
}

/**
 * The options with `--alias-by-name` turned into aliases: every IP peer in scope (namespace,
 * entity, time window) that the name answered gets a host-CIDR alias named after it — the
 * engine's aliasesByName, as the app's "Alias by name". An --alias for the same CIDR wins. A
 * name no IP peer in scope carries is a UsageError listing the names that are there.
 */
export async function withNameAliases<A extends SourceArgs>(result: Analyzed, a: A): Promise<A> {
  if (a.aliasByName.length === 0) return a;
  const rows = await rowsOf(result, a);
  const given = new Set(a.aliases.map((x) => x.cidr));
  const extra = a.aliasByName.flatMap((name) => {
    const found = aliasesByName(rows, name);
    if (found.length === 0) {
      const known = groupIpsByName(rows).map((g) => g.name);
      throw new UsageError(
        `--alias-by-name '${name}': no IP peer in scope has this name; names: ${known.slice(0, 10).join(', ') || 'none'}`,
      );
    }
    return found.filter((x) => !given.has(x.cidr));
  });
  return { ...a, aliases: [...a.aliases, ...extra] };
}

/** `; near matches: a, b` (empty when there are none). */
export function nearText(near: string[]): string {
  return near.length > 0 ? `; near matches: ${near.join(', ')}` : '';
}

/** An unknown --namespace is a UsageError listing the near matches. */
export function checkNamespaceArg(result: AnalyzeResult, namespace: string | undefined): void {
  if (namespace === undefined) return;
  const problem = checkNamespace(result.inventory, result.aggregates, namespace);
  if (problem && !problem.ok && problem.problem === 'unknown-namespace') {
    const known = knownNamespaces(result.inventory, result.aggregates);
    const hint =
      problem.near.length > 0
        ? nearText(problem.near)
        : `; known: ${known.slice(0, 10).join(', ') || 'none'}`;
    throw new UsageError(`no namespace '${namespace}' in the metadata or the flows${hint}`);
  }
}

/** `file:line: severity CODE message` (no line number when the diagnostic has none). */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}${d.line === null ? '' : `:${d.line}`}: ${d.severity} ${d.code} ${d.message}\n`;
}

/** Help text: the flow formats read (detected from the content), wrapped for a terminal. */
export function flowFormatsHelp(width = 96): string {
  const words =
    `Flow formats, detected from the content (plain or .gz): ${FLOW_FAMILIES_TEXT}.`.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  return [...lines, line].join('\n') + '\n';
}
