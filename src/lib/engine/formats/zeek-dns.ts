/**
 * Zeek dns.log (DNS::Info, FORMATS.md §7.2), TSV with `#` headers or JSON lines: names of IPs
 * only, no connections (conn.log has those). A line names the addresses among its `answers`
 * by its `query`, each for its TTL (`TTLs`, same order); CNAME targets in `answers` are
 * followed by Zeek already (the addresses are the chain's end). A line with a non-zero `rcode`
 * (NXDOMAIN of a search-path try, SERVFAIL, …) or no address names nothing.
 */
import type { DnsAnswer } from '../model/names';
import { parseIpLenient } from '../model/address';
import {
  isObject,
  parseIsoTime,
  parseJsonLine,
  secondsToMs,
  str,
  toNumber,
  type LineParser,
  type ParseContext,
} from './common';

const FORMAT = 'zeek-dns';

/** The answer of one dns.log entry: query, rcode, answers and TTLs as the log has them. */
function answersOf(query: unknown, rcode: unknown, answers: unknown, ttls: unknown): DnsAnswer[] {
  const name = str(query);
  const code = toNumber(rcode);
  if (!name || (code !== undefined && code !== 0) || !Array.isArray(answers)) return [];
  const ttlList = Array.isArray(ttls) ? ttls : [];
  const out: DnsAnswer[] = [];
  answers.forEach((a, i) => {
    if (typeof a !== 'string' || a.length > 64 || parseIpLenient(a) === null) return;
    out.push({ name, ip: a, ttl: toNumber(ttlList[i]) ?? null });
  });
  return out;
}

function emitAnswers(ctx: ParseContext, time: number | null, answers: DnsAnswer[]): void {
  if (answers.length > 0)
    ctx.emit({ format: FORMAT, time, proto: 'UDP', answers, namesOnly: true });
}

function zeekDnsJsonParser(ctx: ParseContext): LineParser {
  return (text, line) => {
    const o = parseJsonLine(ctx, text, line);
    if (!isObject(o)) return;
    const ts = o.ts;
    const time = typeof ts === 'string' ? parseIsoTime(ts) : secondsToMs(toNumber(ts));
    emitAnswers(ctx, time ?? null, answersOf(o.query, o.rcode, o.answers, o.TTLs));
  };
}

function zeekDnsTsvParser(ctx: ParseContext): LineParser {
  let sep = '\t';
  let setSep = ',';
  let unset = '-';
  let fields: string[] = [];
  const col = (cells: string[], name: string): string | undefined => {
    const i = fields.indexOf(name);
    const v = i < 0 ? undefined : cells[i];
    return v === undefined || v === unset ? undefined : v;
  };
  return (text) => {
    if (text.startsWith('#')) {
      if (text.startsWith('#separator ')) {
        sep = text
          .slice(11)
          .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      } else {
        const [key, ...rest] = text.split(sep);
        if (key === '#fields') fields = rest;
        else if (key === '#set_separator') setSep = rest[0] ?? ',';
        else if (key === '#unset_field') unset = rest[0] ?? '-';
      }
      return;
    }
    if (text.trim() === '' || fields.length === 0) return;
    const cells = text.split(sep);
    const list = (name: string): string[] => col(cells, name)?.split(setSep) ?? [];
    const time = secondsToMs(toNumber(col(cells, 'ts')));
    const answers = answersOf(
      col(cells, 'query'),
      col(cells, 'rcode'),
      list('answers'),
      list('TTLs'),
    );
    emitAnswers(ctx, time ?? null, answers);
  };
}

/** dns.log as TSV (`#` headers first) or JSON lines, told apart line by line. */
export function zeekDnsParser(ctx: ParseContext): LineParser {
  const json = zeekDnsJsonParser(ctx);
  const tsv = zeekDnsTsvParser(ctx);
  return (text, line) => (text.trimStart().startsWith('{') ? json(text, line) : tsv(text, line));
}
