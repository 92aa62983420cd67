/**
 * IR policies → one dialect's documents, warnings, validation errors and YAML: what the CLI's
 * `generate --dialect` prints and the app's Generated Policy tab shows and downloads. The
 * warnings are generation's (the IR's) followed by what the dialect had to leave out.
 */
import { type PolicyDialect, DEFAULT_DIALECT, DIALECTS, dialectById } from './dialects/index';
import type { PolicyIR } from './ir';
import { dns1123Name, policyName } from './names';
import type { ValidationError } from './validate';
import { dedupeWarnings, type PolicyWarning } from './warnings';
import type { WorkloadRef } from '../model/ids';

export interface Rendered {
  documents: unknown[];
  yaml: string;
  warnings: PolicyWarning[];
  /** Schema and dialect errors, each path prefixed with its document's name. */
  errors: ValidationError[];
}

/** The dialect of this id; the default one for an unknown id. */
export function dialectOrDefault(id: string | undefined): PolicyDialect {
  return dialectById(id ?? DEFAULT_DIALECT) ?? DIALECTS[0]!;
}

export function render(
  dialect: PolicyDialect,
  irs: readonly PolicyIR[],
  irWarnings: readonly PolicyWarning[],
): Rendered {
  const emitted = irs.map((ir) => ({ ir, ...dialect.emit(ir) }));
  const documents = emitted.flatMap((e) => e.documents);
  const errors = emitted.flatMap((e) =>
    e.documents.flatMap((d) =>
      dialect.validate(d).errors.map((x) => ({ ...x, path: `${e.ir.name}: ${x.path}` })),
    ),
  );
  return {
    documents,
    yaml: dialect.toYaml(documents),
    warnings: [...irWarnings, ...emitted.flatMap((e) => dedupeWarnings(e.warnings))],
    errors,
  };
}

/** The download name of a workload's policy: `frontend-deployment-cilium.yaml`. */
export function policyFileName(w: WorkloadRef, dialect: string): string {
  return `${dns1123Name(`${policyName(w)}-${dialect}`)}.yaml`;
}
