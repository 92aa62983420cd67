/**
 * Pod objects → PodInfo: IPs, hostNetwork, node, labels, phase, lifetime, container ports and
 * the direct controller owner. The owner chain up to the top owner is resolved later
 * (owners.ts), once every object of the cluster is known.
 */
import type { ContainerPort, OwnerRef, PodInfo } from '../model/k8s';
import {
  arr,
  bool,
  int,
  meta,
  own,
  protocol,
  rec,
  spec,
  status,
  str,
  stringMap,
  time,
  type Rec,
} from './fields';

/** `metadata.namespace`, or `default` as kubectl assumes for a namespaced object without one. */
export function namespaceOf(o: Rec): string {
  return str(own(meta(o), 'namespace')) ?? 'default';
}

/**
 * The controlling owner reference by name, its kind when it has one. NOTE: only the reference
 * with `controller: true` owns the pod for rollup (meta/v1 OwnerReference); others (garbage
 * collection links) are ignored, as netpol-analyzer does.
 */
export function controllerOf(o: Rec): { kind?: string; name: string } | undefined {
  let ref: Rec | undefined;
  for (const r of arr(own(meta(o), 'ownerReferences'))) {
    if (bool(own(rec(r), 'controller'))) {
      ref = rec(r);
      break;
    }
  }
  const name = str(own(ref, 'name'));
  const kind = str(own(ref, 'kind'));
  if (name === undefined) return undefined;
  return kind === undefined ? { name } : { kind, name };
}

/** The controlling owner reference when it has both kind and name. */
export function controllerRef(o: Rec): OwnerRef | undefined {
  const c = controllerOf(o);
  return c?.kind === undefined ? undefined : { kind: c.kind, name: c.name };
}

/**
 * A pod's direct owner. NOTE: an ownerReference without `kind` is invalid in the API (kind is
 * required); netpol-analyzer still groups the pods under the owner's name, shown as `[Pod]`.
 * So do we (build.ts warns about it).
 */
function podOwnerRef(o: Rec): OwnerRef | undefined {
  const c = controllerOf(o);
  return c === undefined ? undefined : { kind: c.kind ?? 'Pod', name: c.name };
}

function podIps(st: Rec): string[] {
  const ips = arr(own(st, 'podIPs'))
    .map((p) => str(own(rec(p), 'ip')))
    .filter((ip): ip is string => ip !== undefined);
  const single = str(own(st, 'podIP'));
  if (single !== undefined && !ips.includes(single)) ips.unshift(single);
  return ips;
}

/**
 * The ports a pod's containers declare. NOTE: Kubernetes resolves a named port against
 * spec.containers, then sidecars (initContainers with restartPolicy Always); plain init
 * containers have exited before the pod serves, so their ports are not the pod's
 * (FindPort, k8s.io/kubernetes pkg/api/v1/pod; netpol-analyzer reads spec.containers only).
 */
export function containerPorts(podSpec: Rec): ContainerPort[] {
  const sidecars = arr(own(podSpec, 'initContainers')).filter(
    (c) => own(rec(c), 'restartPolicy') === 'Always',
  );
  const out: ContainerPort[] = [];
  for (const list of [arr(own(podSpec, 'containers')), sidecars]) {
    for (const c of list) {
      for (const port of arr(own(rec(c), 'ports'))) {
        const p = rec(port);
        const number = int(own(p, 'containerPort'));
        if (number === undefined) continue;
        const name = str(own(p, 'name'));
        const cp: ContainerPort = { containerPort: number, protocol: protocol(own(p, 'protocol')) };
        if (name !== undefined) cp.name = name;
        out.push(cp);
      }
    }
  }
  return out;
}

/**
 * End of a pod's life: the last container `finishedAt` once the pod has finished (phase
 * Succeeded/Failed, or every container terminated). Running pods have none.
 */
function endTime(st: Rec): number | undefined {
  const statuses = [
    ...arr(own(st, 'containerStatuses')),
    ...arr(own(st, 'ephemeralContainerStatuses')),
  ];
  const terminated = statuses.map((s) => rec(own(rec(own(rec(s), 'state')), 'terminated')));
  const phase = str(own(st, 'phase'));
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const allDone = terminated.length > 0 && terminated.every((t) => t !== undefined);
  if (!finished && !allDone) return undefined;
  const times = terminated
    .map((t) => time(own(t, 'finishedAt')))
    .filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** A Pod object → PodInfo whose owner is still only the direct owner (or the pod itself). */
export function readPod(o: Rec): PodInfo | undefined {
  const name = str(own(meta(o), 'name'));
  if (name === undefined) return undefined;
  const sp = spec(o);
  const st = status(o);
  const direct = podOwnerRef(o);
  const pod: PodInfo = {
    namespace: namespaceOf(o),
    name,
    ips: podIps(st),
    hostNetwork: bool(own(sp, 'hostNetwork')),
    labels: stringMap(own(meta(o), 'labels')),
    owner: direct ?? { kind: 'Pod', name },
    ownerChain: direct === undefined ? [] : [direct],
    containerPorts: containerPorts(sp),
  };
  assignOptional(pod, o, sp, st);
  return pod;
}

function assignOptional(pod: PodInfo, o: Rec, sp: Rec, st: Rec): void {
  const uid = str(own(meta(o), 'uid'));
  const nodeName = str(own(sp, 'nodeName'));
  const hostIP = str(own(st, 'hostIP'));
  const phase = str(own(st, 'phase'));
  const start = time(own(st, 'startTime')) ?? time(own(meta(o), 'creationTimestamp'));
  const end = endTime(st);
  if (uid !== undefined) pod.uid = uid;
  if (nodeName !== undefined) pod.nodeName = nodeName;
  if (hostIP !== undefined) pod.hostIP = hostIP;
  if (phase !== undefined) pod.phase = phase;
  if (start !== undefined) pod.startTime = start;
  if (end !== undefined) pod.endTime = end;
}
