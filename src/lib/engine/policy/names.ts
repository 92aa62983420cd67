/**
 * Policy names: `<workload>-<kind lower>` as a DNS-1123 subdomain (≤ 253 characters). A name that
 * had to be changed (bad characters) or cut gets a stable hash suffix of the original, so two
 * different workloads never share a policy name.
 */
import type { WorkloadRef } from '../model/communication';

export const MAX_NAME = 253;
export const DEFAULT_DENY_NAME = 'default-deny';

/** FNV-1a 32-bit over UTF-16 code units, as 8 hex digits: short, stable, no crypto needed. */
export function stableHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Lower-cases and replaces what a DNS-1123 subdomain cannot hold; trims the ends. */
function sanitize(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-?\.-?/g, '.')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

/** A valid object name for `raw`; the same input always gives the same name. */
export function dns1123Name(raw: string): string {
  const clean = sanitize(raw);
  if (clean === raw && clean.length <= MAX_NAME && clean.length > 0) return clean;
  const suffix = stableHash(raw);
  const room = MAX_NAME - suffix.length - 1;
  const head = clean.slice(0, room).replace(/[^a-z0-9]+$/, '');
  return head ? `${head}-${suffix}` : `np-${suffix}`;
}

/** The policy name of a workload: `frontend-deployment`, `dns-service`, … */
export function policyName(w: WorkloadRef): string {
  return dns1123Name(`${w.name}-${w.kind.toLowerCase()}`);
}

/** The file of a namespace bundle: `<namespace>-namespace-<dialect>.yaml` (e.g. `shop-namespace-k8s.yaml`). */
export function bundleFileName(namespace: string, dialect: string): string {
  return `${dns1123Name(`${namespace}-namespace-${dialect}`)}.yaml`;
}
