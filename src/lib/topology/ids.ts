/**
 * Node ids and labels of the topology. Ids never depend on aliases, classes or decisions, so
 * a new alias or an include changes colours and labels but never the layout.
 */
import { workloadKey, type Peer, type WorkloadRef } from '$lib/engine';

/** Node id of a Service given as `namespace/name` (the communications' `via`). */
export function serviceId(namespacedName: string): string {
  return `service:${namespacedName}`;
}

/** `workload:Kind/ns/name`, `service:ns/name`, `node:name@ip` or `ip:addr`. */
export function entityId(p: Peer | ({ type: 'workload' } & WorkloadRef)): string {
  if (p.type === 'workload') {
    return p.kind === 'Service'
      ? serviceId(`${p.namespace}/${p.name}`)
      : `workload:${workloadKey(p)}`;
  }
  if (p.type === 'node') return `node:${p.name}@${p.ip}`;
  return `ip:${p.ip}`;
}

/**
 * What the canvas writes next to a node: a workload's name (`ns/name` outside the home
 * namespace), a Service's name with `svc`, a node's name, an IP with its alias or its class.
 */
export function nodeLabel(p: Peer, home: string | undefined): string {
  if (p.type === 'workload') {
    const name = p.namespace === home ? p.name : `${p.namespace}/${p.name}`;
    return p.kind === 'Service' ? `svc ${name}` : name;
  }
  if (p.type === 'node') return `node ${p.name}`;
  return p.alias !== null ? `${p.alias} (${p.ip})` : `${p.ip} (${p.class})`;
}
