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
 * A pod's direct owner from its controller reference. NOTE: an ownerReference without `kind`
 * is invalid in the API (kind is required); netpol-analyzer still groups the pods under the
 * owner's name, shown as `[Pod]`. So do we (build.ts warns about it).
 */
function podOwnerRef(c: { kind?: string; name: string } | undefined): OwnerRef | undefined {
  return c === undefined ? undefined : { kind: c.kind ?? 'Pod', name: c.name };
}

function podIps(st: Rec): string[] {
  const ips: string[] = [];
  for (const p of arr(own(st, 'podIPs'))) {
    const ip = str(own(rec(p), 'ip'));
    if (ip !== undefined) ips.push(ip);
  }
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
  const lists = [arr(own(st, 'containerStatuses')), arr(own(st, 'ephemeralContainerStatuses'))];
  const phase = str(own(st, 'phase'));
  if (phase !== 'Succeeded' && phase !== 'Failed') {
    // A running pod (most of a dump) is told apart before any time is parsed.
    let any = false;
    for (const list of lists)
      for (const s of list) {
        if (terminated(s) === undefined) return undefined;
        any = true;
      }
    if (!any) return undefined;
  }
  let end: number | undefined;
  for (const list of lists)
    for (const s of list) {
      const t = time(own(terminated(s), 'finishedAt'));
      if (t !== undefined && (end === undefined || t > end)) end = t;
    }
  return end;
}

function terminated(containerStatus: unknown): Rec | undefined {
  return rec(own(rec(own(rec(containerStatus), 'state')), 'terminated'));
}

/**
 * A Pod object → PodInfo whose owner is still only the direct owner (or the pod itself);
 * `controller`: its controllerOf, when the caller has it already.
 */
export function readPod(o: Rec, controller = controllerOf(o)): PodInfo | undefined {
  const m = meta(o);
  const name = str(own(m, 'name'));
  if (name === undefined) return undefined;
  const sp = spec(o);
  const st = status(o);
  const direct = podOwnerRef(controller);
  const pod: PodInfo = {
    namespace: namespaceOf(o),
    name,
    ips: podIps(st),
    hostNetwork: bool(own(sp, 'hostNetwork')),
    labels: stringMap(own(m, 'labels')),
    owner: direct ?? { kind: 'Pod', name },
    ownerChain: direct === undefined ? [] : [direct],
    containerPorts: containerPorts(sp),
  };
  assignOptional(pod, m, sp, st);
  return pod;
}

function assignOptional(pod: PodInfo, m: Rec, sp: Rec, st: Rec): void {
  const uid = str(own(m, 'uid'));
  const nodeName = str(own(sp, 'nodeName'));
  const hostIP = str(own(st, 'hostIP'));
  const phase = str(own(st, 'phase'));
  const start = time(own(st, 'startTime')) ?? time(own(m, 'creationTimestamp'));
  const end = endTime(st);
  if (uid !== undefined) pod.uid = uid;
  if (nodeName !== undefined) pod.nodeName = nodeName;
  if (hostIP !== undefined) pod.hostIP = hostIP;
  if (phase !== undefined) pod.phase = phase;
  if (start !== undefined) pod.startTime = start;
  if (end !== undefined) pod.endTime = end;
}
