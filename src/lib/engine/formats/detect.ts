/**
 * Format detection from the first decoded lines (FORMATS.md §10), never from a file name.
 * Line formats (Zeek TSV, AWS, conntrack) may show up after a comment or a pasted prompt, so
 * up to 40 non-empty lines are scanned for them; JSON and YAML are judged on the first of the
 * first 10 non-empty lines that looks like them. Binary magic is sniffed on bytes in io/sniff.ts.
 */
import { classifyJson, classifyJsonKeys, notFlows, type Classified } from './detect-json';
import { isAntreaLine } from './antrea';
import { firstJsonValue } from './json-head';
import { notConnectionLog, zeekTsvPath } from './zeek-logs';

export type { Classified };

const LINE_SCAN = 40;
const JSON_SCAN = 10;

const AWS_V2 = /^\d+ \d{12} eni-[0-9a-f]+ /;
const AWS_HEADER = /^version\s.*\b(srcaddr|dstaddr|interface-id|account-id)\b/;
const CONNTRACK =
  /^(\[[A-Z]+\]\s+)?(ipv[46]\s+\d+\s+)?(tcp|udp|icmp|icmpv6|sctp|dccp|gre|unknown)\s+\d+\s+(\d+\s+)?.*\bsrc=\S+\s+dst=/;
const YAML_START = /^(apiVersion|kind|items|metadata|spec)\s*:/;

/** The first `max` non-empty lines of `head`, without trailing CR. */
function firstLines(head: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < max && start < head.length) {
    let nl = head.indexOf('\n', start);
    if (nl < 0) nl = head.length;
    const line = head.slice(start, nl).replace(/\r$/, '');
    if (line.trim() !== '') out.push(line);
    start = nl + 1;
  }
  return out;
}

/** A Zeek TSV log: conn.log is read, any other log is named. */
function zeekTsv(lines: string[]): Classified {
  const path = zeekTsvPath(lines);
  if (path === 'dns') return flows('zeek-dns');
  return path === undefined || path === 'conn'
    ? flows('zeek-tsv')
    : notFlows(notConnectionLog(path));
}

function lineFormat(lines: string[]): Classified | null {
  for (const l of lines) {
    if (l.startsWith('#separator ') || l.startsWith('#fields\t')) return zeekTsv(lines);
    if (AWS_HEADER.test(l) || AWS_V2.test(l)) return flows('aws-vpc');
    if (CONNTRACK.test(l)) return flows('conntrack');
    if (l.startsWith('data: {')) return flows('calico-goldmane');
    if (isAntreaLine(l)) return flows('antrea-flowlogger');
  }
  return null;
}

function flows(format: Classified['format']): Classified {
  return { format, kind: 'flows', layout: 'lines' };
}

function jsonFormat(head: string, lines: string[]): Classified | null {
  const idx = lines.findIndex((l) => l.startsWith('{') || l.startsWith('['));
  if (idx < 0) return null;
  const first = lines[idx] ?? '';
  const whole = tryParse(first.trim());
  if (whole !== undefined) {
    const c = classifyJson(Array.isArray(whole) ? whole[0] : whole);
    return c && { ...c, layout: Array.isArray(whole) ? 'documents' : c.layout };
  }
  const at = head.indexOf(first);
  const value = firstJsonValue(head, at < 0 ? 0 : at);
  const c = value === undefined ? classifyJsonKeys(head) : classifyJson(value);
  return c && { ...c, layout: 'documents' };
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

/** The first line that is neither blank nor a `#` comment (YAML files often open with a licence). */
function firstContentLine(head: string): string | undefined {
  let start = 0;
  while (start < head.length) {
    let nl = head.indexOf('\n', start);
    if (nl < 0) nl = head.length;
    const line = head.slice(start, nl).replace(/\r$/, '');
    if (line.trim() !== '' && !line.startsWith('#')) return line;
    start = nl + 1;
  }
  return undefined;
}

function yamlFormat(head: string): Classified | null {
  const first = firstContentLine(head);
  if (first === undefined) return null;
  if (first.startsWith('---') || YAML_START.test(first)) {
    return { format: 'k8s-yaml', kind: 'metadata', layout: 'documents' };
  }
  return null;
}

/** Unsupported containers recognisable from text-decoded bytes (parquet, tar). */
function unsupported(head: string): string | null {
  if (head.startsWith('PAR1')) return 'Parquet';
  if (head.length > 262 && head.slice(257, 262) === 'ustar') return 'tar archive';
  return null;
}

/** Detects the format of a file from its first decoded characters. */
export function detect(headText: string): Classified {
  const head = headText.charCodeAt(0) === 0xfeff ? headText.slice(1) : headText;
  const container = unsupported(head);
  if (container) return { format: null, kind: 'unknown', layout: 'lines', unsupported: container };
  const lines = firstLines(head, LINE_SCAN);
  const found =
    lineFormat(lines) ?? yamlFormat(head) ?? jsonFormat(head, lines.slice(0, JSON_SCAN));
  return found ?? { format: null, kind: 'unknown', layout: 'lines' };
}
