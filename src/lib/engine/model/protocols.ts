/**
 * The transport protocols a NetworkPolicy port names (core/v1 Protocol): the one list the
 * policy IR, the evaluator, the admin policies' reader and the SQL recipes share, in the order
 * policies and texts list them.
 */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export function isProtocol(p: unknown): p is Protocol {
  return (PROTOCOLS as readonly unknown[]).includes(p);
}
