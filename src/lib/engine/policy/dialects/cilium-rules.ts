/**
 * Validation of a CiliumNetworkPolicy: the strict schema of the pinned CRD (precompiled, see
 * schema/SOURCES.md) plus what the schema misses and Cilium refuses: port strings above 65535
 * (the CRD's port pattern is anchored on one side only), `toFQDNs` beside other peers of one
 * rule, label syntax in selectors (after Cilium's
 * `k8s:`/`any:` source prefix), and the object's name and namespace.
 */
import {
  type Rec,
  type Report,
  type ValidationError,
  checkMetadata,
  checkSelector,
  field,
  isPortName,
  isRec,
  list,
} from '../apiserver-rules';
import validateSchema from '../schema/ciliumnetworkpolicy-validator.generated';
import { schemaErrors } from '../validate';

const PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toGroups'];

/** A selector with Cilium's label source prefixes taken off its keys. */
function unprefixed(sel: unknown): unknown {
  if (!isRec(sel)) return sel;
  const strip = (k: string) => k.replace(/^(k8s|any|reserved|cidr|container):/, '');
  const labels = field(sel, 'matchLabels');
  const exprs = field(sel, 'matchExpressions');
  return {
    ...(isRec(labels) && {
      matchLabels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [strip(k), v])),
    }),
    ...(Array.isArray(exprs) && {
      matchExpressions: exprs.map((e) =>
        isRec(e) && typeof e.key === 'string' ? { ...e, key: strip(e.key) } : e,
      ),
    }),
  };
}

function checkPorts(rule: Rec, path: string, report: Report): void {
  list(field(rule, 'toPorts')).forEach((pr, i) => {
    if (!isRec(pr)) return;
    list(field(pr, 'ports')).forEach((p, j) => {
      const port = isRec(p) ? field(p, 'port') : undefined;
      if (typeof port !== 'string') return;
      const ok = /^\d+$/.test(port) ? Number(port) <= 65535 : isPortName(port);
      if (!ok) report(`${path}.toPorts[${i}].ports[${j}].port`, `invalid port '${port}'`);
    });
  });
}

function checkRule(rule: unknown, path: string, report: Report): void {
  if (!isRec(rule)) return;
  for (const k of ['fromEndpoints', 'toEndpoints']) {
    list(field(rule, k)).forEach((s, i) =>
      checkSelector(unprefixed(s), `${path}.${k}[${i}]`, report),
    );
  }
  checkPorts(rule, path, report);
  if (field(rule, 'toFQDNs') !== undefined) {
    const beside = PEERS.filter((k) => field(rule, k) !== undefined);
    if (beside.length > 0) {
      report(`${path}.toFQDNs`, `cannot be combined with ${beside.join(', ')} in one rule`);
    }
  }
}

/** The schema's and Cilium's verdict on one document. */
export function validateCilium(p: unknown): { valid: boolean; errors: ValidationError[] } {
  const errors = schemaErrors(validateSchema, p);
  const report: Report = (path, message) => errors.push({ path, message });
  if (isRec(p)) {
    checkMetadata(field(p, 'metadata'), report);
    const spec = field(p, 'spec');
    if (isRec(spec)) {
      checkSelector(unprefixed(field(spec, 'endpointSelector')), 'spec.endpointSelector', report);
      for (const dir of ['ingress', 'egress']) {
        list(field(spec, dir)).forEach((r, i) => checkRule(r, `spec.${dir}[${i}]`, report));
      }
    }
  }
  return { valid: errors.length === 0, errors };
}
