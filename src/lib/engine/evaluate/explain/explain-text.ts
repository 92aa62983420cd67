/**
 * netpol-analyzer's `list --explain` text: for each pair of peers the allowed and the denied
 * connections, grouped by the same reasons ("Allowed TCP:[80], UDP:[53] due to the following
 * policies and rules: …"), then the pairs the system default alone allows.
 */
import { MAX_PORT, MIN_PORT, SORTED_PROTOCOLS, type PortRange, type Protocol } from '../conn-set';
import { PROTOCOLS } from '../../model/protocols';
import type { ExplainedConns } from './explained-conns';
import {
  KINDS,
  onlyDefault,
  onlyDefaults,
  type DirReasons,
  type ReasonKind,
  type Reasons,
} from './reasons';

const DUE_TO = 'due to ';
const SYSTEM_DEFAULT = 'the system default (Allow all)';
const RESULT = { none: '', allow: '(Allowed)', deny: '(Denied)' } as const;

function byKindOrder(a: ReasonKind, b: ReasonKind): number {
  const d = KINDS[b].layer - KINDS[a].layer;
  if (d !== 0) return d;
  const [la, lb] = [KINDS[a].label, KINDS[b].label];
  return la < lb ? -1 : la > lb ? 1 : 0;
}

function kindText(kind: ReasonKind, list: readonly string[]): string {
  if (list.length === 1) return `\t\t\t${list[0]}`;
  return `\t\t\t${KINDS[kind].label} list:\n${list.map((r) => `\t\t\t\t- ${r}\n`).join('')}`;
}

/** One direction: "(Allowed) due to …", or the result then one line (or list) per kind. */
function directionText(d: DirReasons): string {
  const result = RESULT[d.result];
  if (d.byKind.size === 0) return result;
  if (onlyDefault(d)) return `${result} ${DUE_TO}${[...d.byKind.values()][0]![0]}`;
  const kinds = [...d.byKind.keys()].sort(byKindOrder);
  return result + kinds.map((k) => `\n${kindText(k, d.byKind.get(k)!)}`).join('');
}

/** The reasons of one class of connections (the text after "Allowed TCP:[80]"). */
export function reasonsText(r: Reasons): string {
  if (onlyDefaults(r)) return ` ${DUE_TO}${SYSTEM_DEFAULT}\n`;
  let lines = '';
  if (r.egress.byKind.size > 0) lines += `\t\tEgress ${directionText(r.egress)}\n`;
  if (r.ingress.byKind.size > 0) lines += `\t\tIngress ${directionText(r.ingress)}\n`;
  if (lines === '') return '\n';
  return ` ${DUE_TO}the following policies and rules:\n${lines}`;
}

type ClassPorts = Map<Protocol, PortRange[]>;

function rangesText(ranges: PortRange[]): string {
  const merged: PortRange[] = [];
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

function classText(ports: ClassPorts, allowed: boolean): string {
  const parts = PROTOCOLS.filter((p) => ports.has(p)).map((p) => {
    const text = rangesText(ports.get(p)!);
    return text === `${MIN_PORT}-${MAX_PORT}` ? p : `${p}:[${text}]`;
  });
  return `\t${allowed ? 'Allowed' : 'Denied'} ${parts.join(', ')}`;
}

/** The order protocols are shown in a class. */

function classesText(
  classes: Map<string, { why: Reasons; ports: ClassPorts }>,
  allowed: boolean,
): string {
  if (classes.size === 0) return '';
  const lines = [...classes.values()]
    .map((c) => ({ head: classText(c.ports, allowed), why: reasonsText(c.why) }))
    .sort((x, y) => (x.head < y.head ? -1 : x.head > y.head ? 1 : 0));
  return `${allowed ? 'Allowed' : 'Denied'} connections:\n${lines.map((l) => `${l.head}${l.why}\n`).join('')}`;
}

/** The allowed then the denied connections of one pair, grouped by reasons. */
export function pairExplanation(c: ExplainedConns): string {
  const classes = { true: new Map(), false: new Map() } as Record<
    'true' | 'false',
    Map<string, { why: Reasons; ports: ClassPorts }>
  >;
  const add = (inSet: boolean, why: Reasons, p: Protocol, range: PortRange) => {
    const map = classes[inSet ? 'true' : 'false'];
    const key = reasonsText(why);
    let cls = map.get(key);
    if (!cls) map.set(key, (cls = { why, ports: new Map() }));
    cls.ports.set(p, [...(cls.ports.get(p) ?? []), range]);
  };
  if (c.protos.size === 0) {
    for (const p of SORTED_PROTOCOLS) add(c.all, c.common, p, [MIN_PORT, MAX_PORT]);
  }
  for (const [p, segs] of c.protos) for (const s of segs) add(s.in, s.why, p, [s.start, s.end]);
  return classesText(classes.true, true) + classesText(classes.false, false);
}

/** Whether the pair is allowed everything by the system default alone (listed apart). */
export function onlyBySystemDefault(c: ExplainedConns): boolean {
  return c.all && c.protos.size === 0 && onlyDefaults(c.common);
}

const PAIR_SEPARATOR = '-'.repeat(160) + '\n';

function groupHeader(title: string): string {
  const line = `# ${title} #`;
  const bar = '#'.repeat(line.length);
  return `\n${bar}\n${line}\n${bar}\n`;
}

export interface ExplainedPair {
  src: string;
  dst: string;
  conns: ExplainedConns;
}

/** The whole `--explain` report; pairs sorted by source then destination. */
export function formatExplain(pairs: ExplainedPair[]): string {
  const sorted = [...pairs].sort((a, b) =>
    a.src < b.src ? -1 : a.src > b.src ? 1 : a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0,
  );
  const specific = sorted.filter((p) => !onlyBySystemDefault(p.conns));
  const defaults = sorted.filter((p) => onlyBySystemDefault(p.conns));
  let out = '';
  if (specific.length > 0) {
    out += groupHeader('Specific connections and their reasons');
    for (const p of specific)
      out += `${PAIR_SEPARATOR}Connections between ${p.src} => ${p.dst}:\n\n${pairExplanation(p.conns)}`;
  }
  if (defaults.length > 0) {
    out += groupHeader(`All Connections ${DUE_TO}${SYSTEM_DEFAULT}`);
    for (const p of defaults) out += `${p.src} => ${p.dst}\n`;
  }
  return out;
}
