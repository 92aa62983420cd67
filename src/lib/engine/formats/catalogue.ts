/**
 * The formats as people call them, from the format registry (registry.ts): a label per format
 * id (the import list) and the families a user can drop (the import panel and the CLI help say
 * the same). docs/FORMATS.md says how each is read and who is the client.
 */
import { FORMATS, formatDescriptor } from './registry';
import type { FormatId } from './types';

export const FORMAT_LABELS = Object.fromEntries(FORMATS.map((f) => [f.id, f.label])) as Record<
  FormatId,
  string
>;

/** The flow exports a user can drop, by family, in registry order, for one line of help text. */
export const FLOW_FAMILIES: readonly string[] = [
  ...new Set(FORMATS.flatMap((f) => (f.family === null ? [] : [f.family]))),
];

/** `Hubble (…), Retina/ACNS, …, the netpolish aggregate file`. */
export const FLOW_FAMILIES_TEXT = FLOW_FAMILIES.join(', ');

/** The label of a stored format id; the id itself for one this version does not know. */
export function formatLabel(format: string | null): string {
  if (format === null) return 'unknown format';
  return formatDescriptor(format)?.label ?? format;
}
