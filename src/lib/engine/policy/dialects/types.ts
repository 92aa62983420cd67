/**
 * A policy dialect: how one CNI's policy documents are written from the IR (policy/ir.ts),
 * checked, and printed. Generation never knows the dialect; adding one is a new file here that
 * exports a PolicyDialect, plus its line in the registry (index.ts).
 */
import type { PolicyIR } from '../ir';
import type { ValidationError } from '../apiserver-rules';
import type { PolicyWarning } from '../warnings';
import type { Probe, Verdict } from './probe';
import type { DialectNames } from './catalog';

export interface Emitted<Doc> {
  /** The documents of one IR policy (one for k8s; a dialect may need more). */
  documents: Doc[];
  /** What this dialect could not write (peers it has no words for), with the IR's workload. */
  warnings: PolicyWarning[];
}

/** Its names (id, short, label) come from catalog.ts. */
export interface PolicyDialect<Doc = unknown> extends DialectNames {
  emit(ir: PolicyIR): Emitted<Doc>;
  /** The schema's and the server's verdict on one document; never throws. */
  validate(doc: unknown): { valid: boolean; errors: ValidationError[] };
  /** Multi-document YAML, deterministic, ready for `kubectl apply -f`. */
  toYaml(docs: readonly Doc[]): string;
  /**
   * The dialect's own evaluator (the subset it emits): the documents' verdict on one side of a
   * connection. Absent for k8s, whose full evaluator (evaluate/, policy/verify.ts) decides.
   */
  evaluate?(docs: readonly Doc[], probe: Probe): Verdict;
}
