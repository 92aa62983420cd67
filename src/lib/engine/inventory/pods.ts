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

/** The controlling owner reference (controller: true), else the first owner reference. */
export function controllerRef(o: Rec): OwnerRef | undefined {
  const refs = arr(own(meta(o), 'ownerReferences'))
    .map((r) => rec(r))
    .filter((r): r is Rec => r !== undefined);
  const ref = refs.find((r) => bool(own(r, 'controller'))) ?? refs[0];
  const kind = str(own(ref, 'kind'));
  const name = str(own(ref, 'name'));
  return kind !== undefined && name !== undefined ? { kind, name } : undefined;
}

function podIps(st: Rec): string[] {
  const ips = arr(own(st, 'podIPs'))
    .map((p) => str(own(rec(p), 'ip')))
    .filter((ip): ip is string => ip !== undefined);
  const single = str(own(st, 'podIP'));
  if (single !== undefined && !ips.includes(single)) ips.unshift(single);
  return ips;
}

function containerPorts(sp: Rec): ContainerPort[] {
  const containers = [...arr(own(sp, 'initContainers')), ...arr(own(sp, 'containers'))];
  const out: ContainerPort[] = [];
  for (const c of containers) {
    for (const p of arr(own(rec(c), 'ports'))) {
      const port = int(own(rec(p), 'containerPort'));
      if (port === undefined) continue;
      const name = str(own(rec(p), 'name'));
      const cp: ContainerPort = {
        containerPort: port,
        protocol: protocol(own(rec(p), 'protocol')),
      };
      if (name !== undefined) cp.name = name;
      out.push(cp);
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
  const direct = controllerRef(o);
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
