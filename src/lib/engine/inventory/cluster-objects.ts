/**
 * Node and Namespace objects → NodeInfo / NamespaceInfo: node addresses and pod CIDRs (for
 * "node" resolution and "internal" classification), namespace labels (for namespaceSelector).
 */
import type { NamespaceInfo, NodeInfo } from '../model/k8s';
import { arr, isEmptyMap, meta, own, rec, spec, status, str, stringMap, type Rec } from './fields';

import { NAMESPACE_NAME_LABEL } from '../model/labels';

export function readNode(o: Rec): NodeInfo | undefined {
  const name = str(own(meta(o), 'name'));
  if (name === undefined) return undefined;
  const addresses: NodeInfo['addresses'] = [];
  for (const a of arr(own(status(o), 'addresses'))) {
    const type = str(own(rec(a), 'type'));
    const address = str(own(rec(a), 'address'));
    if (type !== undefined && address !== undefined) addresses.push({ type, address });
  }
  const sp = spec(o);
  const podCIDRs = arr(own(sp, 'podCIDRs')).filter((c): c is string => typeof c === 'string');
  const single = str(own(sp, 'podCIDR'));
  if (single !== undefined && !podCIDRs.includes(single)) podCIDRs.unshift(single);
  const node: NodeInfo = { name, addresses, podCIDRs };
  const labels = stringMap(own(meta(o), 'labels'));
  if (!isEmptyMap(labels)) node.labels = labels;
  return node;
}

/**
 * NOTE: the apiserver sets the immutable label kubernetes.io/metadata.name = name on every
 * Namespace (Kubernetes ≥ 1.21); dumps of older clusters and hand-written manifests lack it,
 * so it is added here as the apiserver would.
 */
export function namespaceInfo(name: string, labels: Record<string, string>): NamespaceInfo {
  labels[NAMESPACE_NAME_LABEL] = name;
  return { name, labels };
}

export function readNamespace(o: Rec): NamespaceInfo | undefined {
  const name = str(own(meta(o), 'name'));
  if (name === undefined) return undefined;
  return namespaceInfo(name, stringMap(own(meta(o), 'labels')));
}
