/**
 * Validation of a NetworkPolicy document: the strict v1.35 JSON schema (precompiled, no eval:
 * see schema/SOURCES.md) plus the apiserver rules the schema lacks (apiserver-rules.ts).
 * Accepts any value; never throws. Paths read like `spec.ingress[0].ports[1].port`.
 */
import { apiserverErrors, type ValidationError } from './apiserver-rules';
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

/** The schema's and the apiserver's verdict on one document. */
export function validatePolicy(p: unknown): { valid: boolean; errors: ValidationError[] } {
  const errors = [...schemaErrors(validateSchema, p), ...apiserverErrors(p)];
  return { valid: errors.length === 0, errors };
}
