/**
 * The cluster DNS as the dump shows it, for the "allow DNS" option: the DNS Service (kube-dns or
 * coredns by name, or labelled k8s-app=kube-dns), its selector, and its real pod ports (named
 * targetPorts resolved through the DNS pods' containerPorts), each opened for UDP and TCP.
 */
import type { Inventory, ServiceInfo, ServicePort } from '../model/k8s';
import { matchesSelector, own } from '../model/labels';
import { cmp } from '../model/text';

export interface DnsTarget {
  namespace: string;
  service: string;
  selector: Record<string, string>;
  /** Pod ports, each with UDP and TCP, sorted. */
  ports: { port: number; protocol: 'UDP' | 'TCP' }[];
}

const DNS_NAMES = ['kube-dns', 'coredns'];

function rank(s: ServiceInfo): number {
  const named = DNS_NAMES.includes(s.name);
  const labelled = own(s.labels, 'k8s-app') === 'kube-dns';
  if (!named && !labelled) return -1;
  return (s.namespace === 'kube-system' ? 0 : 2) + (named ? 0 : 1);
}

/** The DNS Service of the dump, preferring kube-system and the well-known names. */
export function findDnsService(inv: Inventory): ServiceInfo | undefined {
  return inv.services
    .filter((s) => rank(s) >= 0)
    .sort((a, b) => rank(a) - rank(b) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name))[0];
}

function isDnsPort(p: ServicePort): boolean {
  return p.port === 53 || p.name === 'dns' || p.name === 'dns-tcp' || p.targetPort === 53;
}

/** Numeric pod ports a Service port sends to: targetPort, or the named port on the backing pods. */
function targetNumbers(inv: Inventory, svc: ServiceInfo, p: ServicePort): number[] {
  if (typeof p.targetPort === 'number') return [p.targetPort];
  const selector = { matchLabels: svc.selector ?? {} };
  const pods = inv.pods.filter(
    (pod) => pod.namespace === svc.namespace && matchesSelector(selector, pod.labels),
  );
  const numbers = pods.flatMap((pod) =>
    pod.containerPorts
      .filter((c) => c.name === p.targetPort && c.protocol === p.protocol)
      .map((c) => c.containerPort),
  );
  return [...new Set(numbers)];
}

/** The DNS target, or null (with the reason) when the dump does not show one. */
export function findDns(inv: Inventory): { dns: DnsTarget | null; reason: string } {
  const svc = findDnsService(inv);
  if (!svc) return { dns: null, reason: 'no kube-dns/coredns Service in the metadata' };
  if (!svc.selector || Object.keys(svc.selector).length === 0) {
    return { dns: null, reason: `Service ${svc.namespace}/${svc.name} has no selector` };
  }
  const numbers = new Set(svc.ports.filter(isDnsPort).flatMap((p) => targetNumbers(inv, svc, p)));
  if (numbers.size === 0) {
    return { dns: null, reason: `no DNS port of Service ${svc.namespace}/${svc.name} resolves` };
  }
  const ports = [...numbers]
    .sort((a, b) => a - b)
    .flatMap((port) => [
      { port, protocol: 'TCP' as const },
      { port, protocol: 'UDP' as const },
    ]);
  return {
    dns: { namespace: svc.namespace, service: svc.name, selector: svc.selector, ports },
    reason: '',
  };
}
