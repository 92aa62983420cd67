/**
 * `netpolish analyze` (DESIGN.md §5): the communications of the workloads of one entity type,
 * each from the workload's side, as JSON (`--json`) or a readable table. Reads files through
 * io.ts and hands streams to the engine's pipeline; this is the only layer that knows paths.
 * Exit codes: 0 (also when lines were skipped: they are diagnostics), 1 for unusable
 * arguments or a file that cannot be read at all.
 */
import { type CliIo, helpAsked, parseArgs } from './io';
import {
  analyzeSources,
  flowFormatsHelp,
  checkNamespaceArg,
  communicationsOf,
  formatDiagnostic,
  MULTI_VALUE_OPTIONS,
  readSourceArgs,
  SOURCE_OPTIONS,
  undeterminedOf,
  withNameAliases,
} from './options';
import { applyLinesV8Flags, stopOptimizing, withoutOptimizing } from './v8-flags';
import {
  accountingText,
  visibleLine,
  type Accounting,
  type Communication,
  type Diagnostic,
  type Peer,
} from '../lib/engine/index';

export const ANALYZE_USAGE = `Usage: netpolish analyze --flows <file|dir>... [--metadata <file|dir>...] [options]

Aggregates captured flows into communications, each seen from the side of a workload of the
selected entity type (peers rolled up to their top owner).

Options:
  --metadata <file|dir>...   kubectl dumps (JSON or YAML, plain or .gz); folders: their files
  --flows <file|dir>...      flow captures (any format below; folders: their files)
  --entity <type>            deployment|daemonset|statefulset|cronjob|job|service (default: all)
  --namespace <ns>           only workloads of this namespace
  --from <ISO8601>           only activity at or after this time (UTC unless an offset is given)
  --to <ISO8601>             only activity at or before this time
  --cluster-cidr <CIDR>      an address range of the cluster (repeatable)
  --alias <CIDR=NAME>        a name for an IP or CIDR (repeatable)
  --alias-by-name <NAME>     alias every IP the DNS name answered (from the captures' DNS) after
                             the name (repeatable)
  --threads <N>              parse workers: big files read in parts, several files at once
                             (default: the machine's cores, at most 8; same output as 1)
  --json                     print JSON: {"communications": […], "undetermined": […],
                             "diagnostics": […]}; "undetermined": events whose initiator is
                             unknown, each pair read both ways (never counted as flows)
  --help                     this text

${flowFormatsHelp()}`;

export async function run(args: string[], io: CliIo): Promise<number> {
  if (helpAsked(args, io, ANALYZE_USAGE)) return 0;
  const p = parseArgs(args, {
    values: SOURCE_OPTIONS,
    flags: ['json', 'help'],
    multiValue: MULTI_VALUE_OPTIONS,
  });
  const read = await readSourceArgs(p);
  // What runs before the first line and after the last runs once: V8's optimizing compiler is
  // off while the dumps are read into the inventory, and stopped once the flows are read. The
  // flags for the lines: on one thread now, with worker threads once they loaded (threads.ts).
  const result = await analyzeSources(
    read,
    io.ownProcess
      ? {
          aroundInventory: withoutOptimizing,
          onFlowsRead: stopOptimizing,
          onOneThread: applyLinesV8Flags,
        }
      : {},
  );
  checkNamespaceArg(result, read.namespace);
  const a = await withNameAliases(result, read);
  const communications = await communicationsOf(result, a, undefined, true);
  const undetermined = await undeterminedOf(result, a, undefined, true);
  if (p.flags.has('json'))
    io.out(
      JSON.stringify(toJson(communications, result.diagnostics, undetermined), null, 2) + '\n',
    );
  else {
    printTable(io, communications, result.diagnostics, result.accounting);
    if (undetermined.length > 0) io.out(undeterminedLine(undetermined));
  }
  return 0;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function peerJson(p: Peer): unknown {
  if (p.type === 'workload')
    return { type: 'workload', kind: p.kind, namespace: p.namespace, name: p.name };
  if (p.type === 'node') return { type: 'node', name: p.name, ip: p.ip };
  // The optional keys assigned in their order, not spread into the literal: V8 defines every
  // key written after a spread by a call into its runtime.
  const ip: Record<string, unknown> = { type: 'ip', ip: p.ip, class: p.class, alias: p.alias };
  // DNS names that answered to the IP while the row was active (absent: none known).
  if (p.names) ip.names = p.names;
  // Why it is unresolved: the class rule, the pod that had it, else the nearest object.
  if (p.why !== undefined) ip.why = p.why;
  // An IP reported with a Cilium identity no one workload matches: which identity, and why.
  if (p.identity) {
    ip.identity = p.identity;
    ip.reason = p.reason;
  }
  return ip;
}

/**
 * The ISO text of epoch ms, each time formatted once per document: the two rows of a
 * communication (one from each side) share their first and last times — 10,852 times, 4,066
 * distinct, in the bench's 200k capture.
 */
function isoOnce(): (ms: number | null) => string | null {
  const seen = new Map<number, string>();
  return (ms) => {
    if (ms === null) return null;
    let text = seen.get(ms);
    if (text === undefined) seen.set(ms, (text = new Date(ms).toISOString()));
    return text;
  };
}

function rowJson(c: Communication, time: (ms: number | null) => string | null): unknown {
  const { direction, port, protocol, flows } = c;
  const workload = {
    kind: c.workload.kind,
    namespace: c.workload.namespace,
    name: c.workload.name,
  };
  const peer = peerJson(c.peer);
  const firstSeen = time(c.firstSeen);
  const lastSeen = time(c.lastSeen);
  // Two literals rather than `endPort` spread into one: V8 defines every key written after a
  // spread by a call into its runtime (4 calls a row).
  return c.endPort === undefined
    ? { direction, workload, peer, port, protocol, flows, firstSeen, lastSeen }
    : { direction, workload, peer, port, endPort: c.endPort, protocol, flows, firstSeen, lastSeen };
}

/**
 * The `--json` document, fields in the order DESIGN.md §5 lists them; then the undetermined
 * rows (initiator unknown; `endPort` closes a range of client ports read as server ports).
 */
export function toJson(
  communications: Communication[],
  diagnostics: Diagnostic[],
  undetermined: Communication[] = [],
): unknown {
  const iso = isoOnce();
  const row = (c: Communication) => rowJson(c, iso);
  return {
    communications: communications.map(row),
    undetermined: undetermined.map(row),
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      message: d.message,
      file: d.file,
      line: d.line,
    })),
  };
}

/** The text table's line about the undetermined rows it leaves out. */
export function undeterminedLine(rows: Communication[]): string {
  const n = rows.length;
  return (
    `${n} undetermined row${n === 1 ? '' : 's'} (initiator unknown, each pair read both ways) ` +
    `not in the table: --json lists them under "undetermined"\n`
  );
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
  accounting: Accounting,
): void {
  const header = ['WORKLOAD', 'DIRECTION', 'PEER', 'PORT', 'FLOWS', 'FIRST SEEN', 'LAST SEEN'];
  const rows = comms
    .map((c) => [
      `${c.workload.kind} ${c.workload.namespace}/${c.workload.name}`,
      c.direction,
      peerText(c.peer),
      `${c.port}/${c.protocol}`,
      String(c.flows),
      iso(c.firstSeen) ?? '-',
      iso(c.lastSeen) ?? '-',
    ])
    .map((cells) => cells.map(visibleLine)); // names from captures: shown, never obeyed
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  io.out([line(header), ...rows.map(line)].join('\n') + '\n');
  io.out(
    `${comms.length} communication${comms.length === 1 ? '' : 's'}; ${accountingText(accounting)}\n`,
  );
  io.out(unresolvedText(comms));
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}

/** The table's IP peers, each once, with why it is unresolved (empty when there are none). */
export function unresolvedText(comms: Communication[]): string {
  const why = new Map<string, string>();
  for (const c of comms) {
    const p = c.peer;
    if (p.type === 'ip' && !why.has(p.ip)) why.set(p.ip, p.why ?? p.reason ?? '');
  }
  if (why.size === 0) return '';
  const ips = [...why.keys()].sort();
  const width = Math.max(...ips.map((ip) => ip.length));
  const lines = ips.map((ip) => visibleLine(`  ${ip.padEnd(width)}  ${why.get(ip)}`).trimEnd());
  return `Unresolved IPs, and why:\n${lines.join('\n')}\n`;
}
