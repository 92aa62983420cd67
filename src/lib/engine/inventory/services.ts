/**
 * Service, Endpoints and EndpointSlice objects → ServiceInfo / ServiceEndpoints: the addresses
 * a Service answers on (clusterIPs, externalIPs, load-balancer IPs), its selector and its ports
 * with targetPort defaulted, and the backends the control plane recorded for it.
 */
import type {
  EndpointAddress,
  EndpointSubset,
  ServiceEndpoints,
  ServiceInfo,
  ServicePort,
} from '../model/k8s';
import {
  arr,
  bool,
  int,
  isEmptyMap,
  meta,
  own,
  protocol,
  rec,
  spec,
  status,
  str,
  stringMap,
  type Rec,
} from './fields';
import { namespaceOf } from './pods';

function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string' && x !== '');
}

/** NOTE: targetPort defaults to port, protocol to TCP (core/v1 ServicePort). */
function readServicePort(v: unknown): ServicePort | undefined {
  const p = rec(v);
  const port = int(own(p, 'port'));
  if (port === undefined) return undefined;
  const rawTarget = own(p, 'targetPort');
  const target = int(rawTarget) ?? str(rawTarget) ?? port;
  const sp: ServicePort = { port, targetPort: target, protocol: protocol(own(p, 'protocol')) };
  const name = str(own(p, 'name'));
  const nodePort = int(own(p, 'nodePort'));
  if (name !== undefined) sp.name = name;
  if (nodePort !== undefined) sp.nodePort = nodePort;
  return sp;
}

function clusterIps(sp: Rec): string[] {
  const ips = strings(own(sp, 'clusterIPs'));
  const single = str(own(sp, 'clusterIP'));
  if (single !== undefined && !ips.includes(single)) ips.unshift(single);
  return ips.filter((ip) => ip !== 'None');
}

function loadBalancerIps(sp: Rec, st: Rec): string[] {
  const ingress = arr(own(rec(own(st, 'loadBalancer')), 'ingress'));
  const ips = ingress.map((i) => str(own(rec(i), 'ip'))).filter((x): x is string => !!x);
  const requested = str(own(sp, 'loadBalancerIP'));
  if (requested !== undefined && !ips.includes(requested)) ips.push(requested);
  return ips;
}

export function readService(o: Rec): ServiceInfo | undefined {
  const name = str(own(meta(o), 'name'));
  if (name === undefined) return undefined;
  const sp = spec(o);
  const svc: ServiceInfo = {
    namespace: namespaceOf(o),
    name,
    type: str(own(sp, 'type')) ?? 'ClusterIP',
    clusterIPs: clusterIps(sp),
    externalIPs: strings(own(sp, 'externalIPs')),
    loadBalancerIPs: loadBalancerIps(sp, status(o)),
    headless: str(own(sp, 'clusterIP')) === 'None',
    ports: arr(own(sp, 'ports'))
      .map(readServicePort)
      .filter((p): p is ServicePort => !!p),
  };
  const selector = stringMap(own(sp, 'selector'));
  if (!isEmptyMap(selector)) svc.selector = selector;
  const labels = stringMap(own(meta(o), 'labels'));
  if (!isEmptyMap(labels)) svc.labels = labels;
  return svc;
}

function readTargetRef(v: unknown, ns: string): EndpointAddress['targetRef'] {
  const r = rec(v);
  const kind = str(own(r, 'kind'));
  const name = str(own(r, 'name'));
  if (kind === undefined || name === undefined) return undefined;
  return { kind, name, namespace: str(own(r, 'namespace')) ?? ns };
}

function address(ip: string, ready: boolean, raw: Rec | undefined, ns: string): EndpointAddress {
  const a: EndpointAddress = { ip, ready };
  const nodeName = str(own(raw, 'nodeName'));
  const targetRef = readTargetRef(own(raw, 'targetRef'), ns);
  if (nodeName !== undefined) a.nodeName = nodeName;
  if (targetRef !== undefined) a.targetRef = targetRef;
  return a;
}

function readPorts(v: unknown): EndpointSubset['ports'] {
  const out: EndpointSubset['ports'] = [];
  for (const raw of arr(v)) {
    const port = int(own(rec(raw), 'port'));
    if (port === undefined) continue;
    const name = str(own(rec(raw), 'name'));
    const p: EndpointSubset['ports'][number] = {
      port,
      protocol: protocol(own(rec(raw), 'protocol')),
    };
    if (name !== undefined) p.name = name;
    out.push(p);
  }
  return out;
}

function subsetAddresses(v: unknown, ready: boolean, ns: string): EndpointAddress[] {
  return arr(v)
    .map((a) => {
      const ip = str(own(rec(a), 'ip'));
      return ip === undefined ? undefined : address(ip, ready, rec(a), ns);
    })
    .filter((a): a is EndpointAddress => a !== undefined);
}

/** core/v1 Endpoints: subsets of (addresses + notReadyAddresses) × ports. */
export function readEndpoints(o: Rec): ServiceEndpoints | undefined {
  const name = str(own(meta(o), 'name'));
  if (name === undefined) return undefined;
  const ns = namespaceOf(o);
  const subsets = arr(own(o, 'subsets')).map((s) => ({
    addresses: [
      ...subsetAddresses(own(rec(s), 'addresses'), true, ns),
      ...subsetAddresses(own(rec(s), 'notReadyAddresses'), false, ns),
    ],
    ports: readPorts(own(rec(s), 'ports')),
  }));
  return { kind: 'Endpoints', namespace: ns, name, service: name, subsets };
}

/**
 * discovery.k8s.io/v1 EndpointSlice. NOTE: the owning Service is the label
 * kubernetes.io/service-name; a missing `ready` condition means ready (EndpointConditions).
 */
export function readEndpointSlice(o: Rec): ServiceEndpoints | undefined {
  const name = str(own(meta(o), 'name'));
  const labels = stringMap(own(meta(o), 'labels'));
  const service = labels['kubernetes.io/service-name'];
  if (name === undefined || service === undefined) return undefined;
  const ns = namespaceOf(o);
  const addresses: EndpointAddress[] = [];
  for (const e of arr(own(o, 'endpoints'))) {
    const cond = rec(own(rec(e), 'conditions'));
    const ready = own(cond, 'ready') === undefined || bool(own(cond, 'ready'));
    for (const ip of strings(own(rec(e), 'addresses')))
      addresses.push(address(ip, ready, rec(e), ns));
  }
  const subsets = [{ addresses, ports: readPorts(own(o, 'ports')) }];
  return { kind: 'EndpointSlice', namespace: ns, name, service, subsets };
}
