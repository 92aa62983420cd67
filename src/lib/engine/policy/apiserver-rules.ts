/**
 * The apiserver's own validation of a NetworkPolicy that the JSON schema does not express
 * (SEMANTICS.md §10, kubernetes `pkg/apis/networking/validation`): names, label syntax, protocols,
 * port ranges and names, endPort, peer shapes, CIDRs and their excepts, policyTypes, selector
 * operators. Reads untrusted values defensively: anything of the wrong type is skipped (the
 * schema reports it).
 */
import { containsCidr, parseCidrStrict } from '../model/address';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isLabelKey,
  isLabelValue,
} from '../model/label-syntax';
import { PROTOCOLS } from '../model/protocols';

export interface ValidationError {
  path: string;
  message: string;
}

export type Rec = Record<string, unknown>;
export type Report = (path: string, message: string) => void;

export const isRec = (v: unknown): v is Rec =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const field = (o: Rec, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

// NOTE: IANA_SVC_NAME (RFC 6335): ≤ 15 chars of [a-z0-9-], a letter, no leading, trailing or
// double hyphen. k8s.io/apimachinery validation.IsValidPortName.
export function isPortName(s: string): boolean {
  return (
    s.length >= 1 &&
    s.length <= 15 &&
    /^[-a-z0-9]+$/.test(s) &&
    /[a-z]/.test(s) &&
    !s.startsWith('-') &&
    !s.endsWith('-') &&
    !s.includes('--')
  );
}

function checkLabelMap(m: unknown, path: string, report: Report, values = true): void {
  if (!isRec(m)) return;
  for (const k of Object.keys(m)) {
    if (!isLabelKey(k)) report(`${path}.${k}`, `invalid label key '${k}'`);
    const v = m[k];
    if (values && typeof v === 'string' && !isLabelValue(v)) {
      report(`${path}.${k}`, `invalid label value '${v}'`);
    }
  }
}

export function checkSelector(sel: unknown, path: string, report: Report): void {
  if (!isRec(sel)) return;
  checkLabelMap(field(sel, 'matchLabels'), `${path}.matchLabels`, report);
  list(field(sel, 'matchExpressions')).forEach((e, i) => {
    if (!isRec(e)) return;
    const p = `${path}.matchExpressions[${i}]`;
    const { key, operator } = e;
    const values = list(field(e, 'values'));
    if (typeof key === 'string' && !isLabelKey(key))
      report(`${p}.key`, `invalid label key '${key}'`);
    if (typeof operator !== 'string' || !OPERATORS.includes(operator)) {
      report(`${p}.operator`, `operator must be one of ${OPERATORS.join(', ')}`);
    } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      report(`${p}.values`, `must be non-empty for ${operator}`);
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      report(`${p}.values`, `must be empty for ${operator}`);
    }
    values.forEach((v, j) => {
      if (typeof v === 'string' && !isLabelValue(v))
        report(`${p}.values[${j}]`, `invalid label value '${v}'`);
    });
  });
}

function checkPort(port: unknown, path: string, report: Report): void {
  if (!isRec(port)) return;
  const protocol = field(port, 'protocol');
  const p = field(port, 'port');
  const end = field(port, 'endPort');
  if (typeof protocol === 'string' && !(PROTOCOLS as readonly string[]).includes(protocol)) {
    report(`${path}.protocol`, `protocol must be one of ${PROTOCOLS.join(', ')}`);
  }
  if (typeof p === 'number' && (!Number.isInteger(p) || p < 1 || p > 65535)) {
    report(`${path}.port`, 'port must be between 1 and 65535');
  }
  if (typeof p === 'string' && !isPortName(p)) report(`${path}.port`, `invalid port name '${p}'`);
  if (end === undefined || end === null) return;
  if (typeof p !== 'number') {
    report(`${path}.endPort`, 'endPort may only be set with a numeric port');
  } else if (typeof end === 'number' && (end < p || end > 65535)) {
    report(`${path}.endPort`, 'endPort must be between port and 65535');
  }
}

/** The path of `peers[index]` and what follows it (`.ipBlock.cidr`), made for a report. */
const peerPath = (peers: string, index: number, rest = '') => `${peers}[${index}]${rest}`;

function checkIpBlock(block: Rec, peers: string, index: number, report: Report): void {
  const cidr = field(block, 'cidr');
  if (typeof cidr !== 'string') return;
  const outer = parseCidrStrict(cidr);
  if (!outer) {
    report(peerPath(peers, index, '.ipBlock.cidr'), `invalid CIDR '${cidr}'`);
    return;
  }
  const except = field(block, 'except');
  // Most blocks have no except: no empty list is made for each of them.
  if (!Array.isArray(except)) return;
  except.forEach((e: unknown, i) => {
    if (typeof e !== 'string') return;
    const inner = parseCidrStrict(e);
    if (!inner) report(peerPath(peers, index, `.ipBlock.except[${i}]`), `invalid CIDR '${e}'`);
    else if (!containsCidr(outer, inner) || inner.prefix <= outer.prefix) {
      report(peerPath(peers, index, `.ipBlock.except[${i}]`), `must be a strict subset of ${cidr}`);
    }
  });
}

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * The peer at `peers[index]`: its path is made only to report an error — a rule of 10,000
 * ipBlocks is checked without making a path text per peer and per selector.
 */
function checkPeer(peer: unknown, peers: string, index: number, report: Report): void {
  if (!isRec(peer)) return;
  const ipBlock = field(peer, 'ipBlock');
  const podSelector = field(peer, 'podSelector');
  const namespaceSelector = field(peer, 'namespaceSelector');
  if (!present(podSelector) && !present(namespaceSelector) && !present(ipBlock)) {
    report(
      peerPath(peers, index),
      'must specify a peer (podSelector, namespaceSelector or ipBlock)',
    );
  }
  if (present(ipBlock) && (present(podSelector) || present(namespaceSelector))) {
    report(peerPath(peers, index), 'may not specify both ipBlock and another peer');
  }
  if (isRec(podSelector))
    checkSelector(podSelector, peerPath(peers, index, '.podSelector'), report);
  if (isRec(namespaceSelector)) {
    checkSelector(namespaceSelector, peerPath(peers, index, '.namespaceSelector'), report);
  }
  if (isRec(ipBlock)) checkIpBlock(ipBlock, peers, index, report);
}

function checkRules(rules: unknown, dir: 'ingress' | 'egress', report: Report): void {
  const peersKey = dir === 'ingress' ? 'from' : 'to';
  list(rules).forEach((rule, i) => {
    if (!isRec(rule)) return;
    const path = `spec.${dir}[${i}]`;
    list(field(rule, 'ports')).forEach((p, j) => checkPort(p, `${path}.ports[${j}]`, report));
    const peers = `${path}.${peersKey}`;
    list(field(rule, peersKey)).forEach((p, j) => checkPeer(p, peers, j, report));
  });
}

export function checkMetadata(meta: unknown, report: Report): void {
  if (!isRec(meta)) return;
  const { name, namespace } = { name: field(meta, 'name'), namespace: field(meta, 'namespace') };
  if (typeof name !== 'string' || !isDns1123Subdomain(name)) {
    report('metadata.name', 'must be a DNS-1123 subdomain of at most 253 characters');
  }
  if (typeof namespace === 'string' && !isDns1123Label(namespace)) {
    report('metadata.namespace', 'must be a DNS-1123 label of at most 63 characters');
  }
  checkLabelMap(field(meta, 'labels'), 'metadata.labels', report);
  checkLabelMap(field(meta, 'annotations'), 'metadata.annotations', report, false);
}

/** Every apiserver rule the schema does not express; [] when the policy passes them. */
export function apiserverErrors(p: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const report: Report = (path, message) => errors.push({ path, message });
  if (!isRec(p)) return errors;
  checkMetadata(field(p, 'metadata'), report);
  const spec = field(p, 'spec');
  if (!isRec(spec)) return errors;
  checkSelector(field(spec, 'podSelector'), 'spec.podSelector', report);
  const types = list(field(spec, 'policyTypes'));
  if (types.length > 2) report('spec.policyTypes', 'may have at most 2 entries');
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      report(`spec.policyTypes[${i}]`, "must be 'Ingress' or 'Egress'");
  });
  checkRules(field(spec, 'ingress'), 'ingress', report);
  checkRules(field(spec, 'egress'), 'egress', report);
  return errors;
}
