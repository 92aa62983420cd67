/**
 * The formats as people call them: a label per format id (the import list) and the families a
 * user can drop (the import panel and the CLI help say the same). Detection and parsing are in
 * detect.ts and parsers.ts; docs/FORMATS.md says how each is read and who is the client.
 */
import type { FormatId } from './types';

export const FORMAT_LABELS: Record<FormatId, string> = {
  'hubble-jsonpb': 'Cilium Hubble flows',
  'hubble-json-legacy': 'Cilium Hubble flows (hubble ≤ 0.10 JSON)',
  'hubble-aggregated': 'Hubble exporter aggregated flows',
  retina: 'Retina / AKS ACNS flows',
  'calico-ee': 'Calico Enterprise flow logs',
  'calico-goldmane': 'Calico Goldmane / Whisker flows',
  'zeek-tsv': 'Zeek conn.log',
  'zeek-json': 'Zeek conn.log (JSON)',
  'aws-vpc': 'AWS VPC flow logs',
  'aws-cloudwatch': 'AWS VPC flow logs (CloudWatch Logs)',
  'gcp-vpc': 'GCP VPC flow logs',
  'azure-vnet': 'Azure VNet flow logs (v4)',
  'netobserv-loki': 'OpenShift NetObserv flows (Loki answer)',
  'netobserv-json': 'OpenShift NetObserv flows',
  'antrea-flowlogger': 'Antrea flow aggregator log',
  conntrack: 'conntrack table',
  'ig-trace-network': 'Inspektor Gadget trace network',
  pcap: 'pcap capture',
  pcapng: 'pcapng capture',
  'netpolish-aggregate': 'netpolish aggregate file',
  'k8s-json': 'Kubernetes objects (JSON)',
  'k8s-yaml': 'Kubernetes objects (YAML)',
};

/** The flow exports a user can drop, by family, for one line of help text. */
export const FLOW_FAMILIES = [
  'Hubble (incl. exporter aggregates)',
  'Retina/ACNS',
  'Calico Enterprise',
  'Calico Goldmane/Whisker',
  'Zeek conn.log',
  'AWS VPC (incl. CloudWatch)',
  'GCP VPC',
  'Azure VNet flow logs',
  'OpenShift NetObserv',
  'Antrea flow logs',
  'conntrack',
  'Inspektor Gadget',
  'pcap/pcapng',
  'the netpolish aggregate file',
] as const;

/** `Hubble (…), Retina/ACNS, …, the netpolish aggregate file`. */
export const FLOW_FAMILIES_TEXT = FLOW_FAMILIES.join(', ');

/** The label of a stored format id; the id itself for one this version does not know. */
export function formatLabel(format: string | null): string {
  if (format === null) return 'unknown format';
  return Object.hasOwn(FORMAT_LABELS, format) ? FORMAT_LABELS[format as FormatId] : format;
}
