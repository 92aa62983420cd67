/**
 * The optional parts of a Hubble flow: the policies that allowed or denied it
 * (`*_allowed_by` since Cilium 1.15, `*_denied_by` since 1.16) and L7 details (DNS, HTTP,
 * Kafka). Both are kept small: names and the few fields a reviewer reads.
 */
import type { FlowRecord } from '../model/flow';
import type { DnsAnswer } from '../model/names';
import { isObject, str, toNumber } from './common';

type Obj = Record<string, unknown>;

export const POLICY_KEYS = [
  ['egress_allowed_by', 'egressAllowedBy'],
  ['ingress_allowed_by', 'ingressAllowedBy'],
  ['egress_denied_by', 'egressDeniedBy'],
  ['ingress_denied_by', 'ingressDeniedBy'],
] as const;

/** Adds `namespace/name` of every policy named in the flow's `*_allowed_by` / `*_denied_by`. */
export function addHubblePolicies(r: FlowRecord, flow: Obj): void {
  let out: string[] | undefined;
  for (const [snake, camel] of POLICY_KEYS) {
    const list = flow[snake] ?? flow[camel];
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (!isObject(p)) continue;
      const name = str(p.name);
      if (!name) continue;
      const ns = str(p.namespace);
      (out ??= []).push(ns ? `${ns}/${name}` : name);
    }
  }
  if (out) r.policies = out;
}

/** Adds the L7 summary (`l7.dns|http|kafka`) of an L7 event. */
export function addHubbleL7(r: FlowRecord, flow: Obj): void {
  const l7 = flow.l7;
  if (!isObject(l7)) return;
  const kind = str(l7.type);
  if (isObject(l7.dns)) {
    const d = l7.dns;
    r.l7 = { type: 'dns', kind, query: str(d.query), rcode: d.rcode, ips: d.ips };
    const answers = dnsAnswers(kind, d);
    if (answers.length > 0) r.answers = answers;
  } else if (isObject(l7.http)) {
    const h = l7.http;
    r.l7 = { type: 'http', kind, method: str(h.method), url: str(h.url), code: h.code };
  } else if (isObject(l7.kafka)) {
    const k = l7.kafka;
    r.l7 = { type: 'kafka', kind, topic: str(k.topic), apiKey: str(k.api_key ?? k.apiKey) };
  }
}

/**
 * The answer of a DNS RESPONSE event (cilium flow.proto DNS): the query names every address in
 * `ips` (CNAME chains already followed by the proxy) for `ttl` seconds. A response with a
 * non-zero rcode (NXDOMAIN of a search-path try, SERVFAIL, …) names nothing.
 */
function dnsAnswers(kind: string | undefined, d: Obj): DnsAnswer[] {
  if (kind !== 'RESPONSE') return [];
  const rcode = d.rcode ?? 0;
  const query = str(d.query);
  if (rcode !== 0 || !query || !Array.isArray(d.ips)) return [];
  const ttl = toNumber(d.ttl) ?? null;
  return d.ips
    .filter((ip): ip is string => typeof ip === 'string')
    .map((ip) => ({ name: query, ip, ttl }));
}
