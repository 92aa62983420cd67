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

/** One IR policy in a dialect: its documents, their YAML, its warnings and errors. */
type One = Omit<Rendered, 'warnings'> & { warnings: PolicyWarning[] };

/**
 * Each IR policy is written, validated and printed once per dialect: an unchanged policy of a
 * bundle (the same IR object, policy/incremental.ts) is not done again. A dialect's YAML of
 * several documents is theirs joined by `---` (policy/yaml.ts), so the parts join the same.
 */
const written = new WeakMap<PolicyIR, Map<string, One>>();

function renderOne(dialect: PolicyDialect, ir: PolicyIR): One {
  let byDialect = written.get(ir);
  if (!byDialect) written.set(ir, (byDialect = new Map()));
  const hit = byDialect.get(dialect.id);
  if (hit) return hit;
  const { documents, warnings } = dialect.emit(ir);
  const one: One = {
    documents,
    yaml: dialect.toYaml(documents),
    warnings: dedupeWarnings(warnings),
    errors: documents.flatMap((d) =>
      dialect.validate(d).errors.map((x) => ({ ...x, path: `${ir.name}: ${x.path}` })),
    ),
  };
  byDialect.set(dialect.id, one);
  return one;
}

export function render(
  dialect: PolicyDialect,
  irs: readonly PolicyIR[],
  irWarnings: readonly PolicyWarning[],
): Rendered {
  const parts = irs.map((ir) => renderOne(dialect, ir));
  return {
    documents: parts.flatMap((p) => p.documents),
    yaml: parts
      .filter((p) => p.documents.length > 0)
      .map((p) => p.yaml)
      .join('---\n'),
    warnings: [...irWarnings, ...parts.flatMap((p) => p.warnings)],
    errors: parts.flatMap((p) => p.errors),
  };
}

/** The download name of a workload's policy: `frontend-deployment-cilium.yaml`. */
export function policyFileName(w: WorkloadRef, dialect: string): string {
  return `${dns1123Name(`${policyName(w)}-${dialect}`)}.yaml`;
}
