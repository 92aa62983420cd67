/**
 * Validation of a NetworkPolicy document: the strict v1.35 JSON schema (precompiled, no eval:
 * see schema/SOURCES.md) plus the apiserver rules the schema lacks (apiserver-rules.ts).
 * Accepts any value; never throws. Paths read like `spec.ingress[0].ports[1].port`.
 */
import { apiserverErrors, type ValidationError } from './apiserver-rules';
import { validInParts } from './doc-parts';
import validateSchema from './schema/networkpolicy-validator.generated';

export type { ValidationError } from './apiserver-rules';

interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `/spec/ingress/0/from` → `spec.ingress[0].from` (JSON pointer escapes undone). */
function toPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** A precompiled (ajv standalone) validator, as the generated modules export it. */
export type SchemaValidator = unknown;

/** The errors a precompiled schema validator finds in `p`, with readable paths. */
export function schemaErrors(validator: SchemaValidator, p: unknown): ValidationError[] {
  const validate = validator as ((v: unknown) => boolean) & { errors?: AjvError[] | null };
  if (validate(p)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.params?.additionalProperty;
    const message = `${e.message ?? 'is invalid'}${typeof extra === 'string' ? `: '${extra}'` : ''}`;
    return { path: toPath(e.instancePath) || '(root)', message };
  });
}

/** validatePolicy's errors, the whole document checked at once (nothing remembered). */
export function wholeErrors(p: unknown): ValidationError[] {
  return [...schemaErrors(validateSchema, p), ...apiserverErrors(p)];
}

/**
 * The schema's and the apiserver's verdict on one document. A document with large arrays (a
 * rule of 10,000 peers) is checked in parts (doc-parts.ts): each peer or rule once, however many
 * decisions regenerate the policy around it; the whole check runs when something has errors,
 * so errors come as a whole check gives them. Neither check looks at an array's length or at
 * an element's siblings, which checking in parts needs.
 */
export function validatePolicy(p: unknown): { valid: boolean; errors: ValidationError[] } {
  if (validInParts('k8s', p, (doc) => wholeErrors(doc).length === 0)) {
    return { valid: true, errors: [] };
  }
  const errors = wholeErrors(p);
  return { valid: errors.length === 0, errors };
}

/**
 * A small valid NetworkPolicy with each part the schema and the apiserver rules check: both
 * directions, every kind of peer (pods, namespaces, both, an ipBlock with an exception) and of
 * port (a number, a name, a range).
 */
const WARM_SAMPLE = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'warm', namespace: 'default', labels: { app: 'warm' } },
  spec: {
    podSelector: { matchLabels: { app: 'warm' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: 'client' } } },
          {
            namespaceSelector: {
              matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }],
            },
            podSelector: {},
          },
        ],
        ports: [{ port: 9080, protocol: 'TCP' }, { port: 'http' }],
      },
    ],
    egress: [
      {
        to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
        ports: [{ port: 8000, endPort: 8100, protocol: 'UDP' }],
      },
      {},
    ],
  },
};

let warm = false;

/**
 * Validates a small policy once, so that the schema's validator (a large generated module,
 * compiled on its first call) is compiled before a policy is written: a fresh worker's first
 * YAML paid 8–38 ms for it on the first choice's path. Whether it was run (`validationWarm`).
 */
export function warmValidation(): boolean {
  warm = wholeErrors(WARM_SAMPLE).length === 0;
  return warm;
}

/** Whether `warmValidation` has run (the worker's test asks). */
export const validationWarm = (): boolean => warm;
