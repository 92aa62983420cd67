/** Small display helpers for the topology's cards and panels. */
import type { EdgeRow, EdgeStatus, NodeDetails, NodeKind } from '$lib/topology/types';

export { formatTime } from '$lib/state/peers';

export const STATUS_TEXT: Record<EdgeStatus, string> = {
  allowed: 'in the policy',
  excluded: 'not in the policy',
  unresolved: 'unresolved IP (include it, or alias it to name and include it)',
};

export const STATUS_SHORT: Record<EdgeStatus, string> = {
  allowed: 'in the policy',
  excluded: 'not in the policy',
  unresolved: 'unresolved IP',
};

export const KIND_TEXT: Record<NodeKind, string> = {
  workload: 'workload',
  service: 'Service',
  node: 'node',
  ip: 'IP',
  namespace: 'group',
};

export function rowStatus(r: EdgeRow): string {
  if (r.status === 'allowed' && !r.included && r.byGeneralRule) return 'allowed by a general rule';
  return STATUS_TEXT[r.status];
}

export function entityTitle(kind: string, d: NodeDetails, label: string): string {
  if (d.workload) return `${d.workload.kind} ${d.workload.name}`;
  if (kind === 'node' || kind === 'namespace') return label;
  return d.alias ? `${d.alias} (${d.ip ?? ''})` : `IP ${d.ip ?? ''}`;
}
