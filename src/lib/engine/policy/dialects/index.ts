/**
 * The policy dialects, in the order the UI and the CLI help list them. Adding a dialect: its
 * emitter/validator file in this folder, its names in catalog.ts and one line here; generation
 * (the IR) is unchanged.
 */
import { calicoDialect, calicoStagedDialect } from './calico';
import { ciliumDialect } from './cilium';
import { k8sDialect } from './k8s';
import type { PolicyDialect } from './types';

export type { Emitted, PolicyDialect } from './types';
export { emitNetworkPolicy, k8sDialect } from './k8s';

export const DIALECTS: readonly PolicyDialect[] = [
  k8sDialect as PolicyDialect,
  ciliumDialect as PolicyDialect,
  calicoDialect as PolicyDialect,
  calicoStagedDialect as PolicyDialect,
];

export { DEFAULT_DIALECT, DIALECT_NAMES } from './catalog';

/** The dialect with this id, or undefined. */
export function dialectById(id: string): PolicyDialect | undefined {
  return DIALECTS.find((d) => d.id === id);
}
