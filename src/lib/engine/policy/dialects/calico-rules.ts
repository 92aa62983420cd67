/**
 * Validation of a Calico NetworkPolicy or StagedNetworkPolicy: the strict schema of the pinned
 * CRD (precompiled, see schema/SOURCES.md) plus what the schema misses and Calico refuses: the
 * protocol (a name Calico knows or 1–255), ports (0–65535, `'a:b'` ranges with a ≤ b, or a port
 * name) only with TCP, UDP, SCTP or UDPLite, `nets` that are CIDRs, and the object's name and
 * namespace. Selector expressions are written by calico-selector.ts and not parsed here.
 */
import { parseCidrStrict } from '../../model/address';
import {
  type Rec,
  type Report,
  type ValidationError,
  checkMetadata,
  field,
  isPortName,
  isRec,
  list,
} from '../apiserver-rules';
import validateNetworkPolicy from '../schema/calico-networkpolicy-validator.generated';
import validateStaged from '../schema/calico-stagednetworkpolicy-validator.generated';
import { schemaErrors, type SchemaValidator } from '../validate';

const PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite'];
const WITH_PORTS = ['TCP', 'UDP', 'SCTP', 'UDPLite', 6, 17, 132, 136];

const inPortRange = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;

function portOk(v: unknown): boolean {
  if (typeof v === 'number') return inPortRange(v);
  if (typeof v !== 'string') return false;
  const range = /^(\d+):(\d+)$/.exec(v);
  if (range) return inPortRange(+range[1]!) && inPortRange(+range[2]!) && +range[1]! <= +range[2]!;
  return /^\d+$/.test(v) ? inPortRange(+v) : isPortName(v);
}

function checkEntity(e: unknown, path: string, protocol: unknown, report: Report): void {
  if (!isRec(e)) return;
  for (const k of ['ports', 'notPorts']) {
    const ports = list(field(e, k));
    ports.forEach((v, i) => {
      if (!portOk(v)) report(`${path}.${k}[${i}]`, `invalid port ${JSON.stringify(v)}`);
    });
    if (ports.length > 0 && !WITH_PORTS.includes(protocol as string)) {
      report(`${path}.${k}`, 'ports need protocol TCP, UDP, SCTP or UDPLite');
    }
  }
  for (const k of ['nets', 'notNets']) {
    list(field(e, k)).forEach((v, i) => {
      if (typeof v !== 'string' || !parseCidrStrict(v))
        report(`${path}.${k}[${i}]`, `not a CIDR: ${JSON.stringify(v)}`);
    });
  }
}

function checkRule(rule: unknown, path: string, report: Report): void {
  if (!isRec(rule)) return;
  const protocol = field(rule, 'protocol');
  const known =
    protocol === undefined ||
    (typeof protocol === 'string' && PROTOCOLS.includes(protocol)) ||
    (typeof protocol === 'number' &&
      Number.isInteger(protocol) &&
      protocol >= 1 &&
      protocol <= 255);
  if (!known) report(`${path}.protocol`, `unknown protocol ${JSON.stringify(protocol)}`);
  checkEntity(field(rule, 'source'), `${path}.source`, protocol, report);
  checkEntity(field(rule, 'destination'), `${path}.destination`, protocol, report);
}

function validator(schema: SchemaValidator) {
  return (p: unknown): { valid: boolean; errors: ValidationError[] } => {
    const errors = schemaErrors(schema, p);
    const report: Report = (path, message) => errors.push({ path, message });
    if (isRec(p)) {
      checkMetadata(field(p, 'metadata'), report);
      const spec = field(p, 'spec');
      if (isRec(spec)) {
        for (const dir of ['ingress', 'egress']) {
          list(field(spec as Rec, dir)).forEach((r, i) =>
            checkRule(r, `spec.${dir}[${i}]`, report),
          );
        }
      }
    }
    return { valid: errors.length === 0, errors };
  };
}

export const validateCalico = validator(validateNetworkPolicy);
export const validateCalicoStaged = validator(validateStaged);
