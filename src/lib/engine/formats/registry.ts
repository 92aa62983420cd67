/**
 * The format registry: one descriptor per format the engine knows — its id, the label people
 * see, the family the help text lists it under, its line parsers and what it can tell. The
 * labels and families (catalogue.ts), the parser tables (parsers.ts), the aggregation's choice
 * of orientation, detection (detect.ts: each format's rules, in their ranks' order), the CLI
 * help and the fuzz test all read this table; docs/FORMATS.md says how each format is read.
 */
import { antreaParser } from './antrea';
import { awsCloudwatchParser } from './aws-cloudwatch';
import { awsVpcParser } from './aws-vpc';
import { azureVnetParser } from './azure-vnet';
import { calicoParser } from './calico';
import type { BytesLineParser, LineParser, ParseContext } from './common';
import { conntrackParser } from './conntrack';
import { gcpVpcParser } from './gcp-vpc';
import { goldmaneParser } from './goldmane';
import { hubbleJsonpbParser, hubbleLegacyParser } from './hubble';
import { hubbleAggregatedParser } from './hubble-aggregated';
import { hubbleJsonpbBytesParser } from './hubble-bytes';
import { igTraceNetworkParser } from './inspektor-gadget';
import { netobservJsonParser, netobservLokiParser } from './netobserv';
import { retinaParser } from './retina';
import type { FormatSniff } from './classified';
import {
  antreaLine,
  awsVpcLine,
  azureJson,
  azureKeys,
  calicoJson,
  cloudwatchJson,
  cloudwatchKeys,
  conntrackLine,
  gcpJson,
  goldmaneJson,
  goldmaneKeys,
  goldmaneLine,
  hubbleAggregatedJson,
  hubbleJson,
  hubbleKeys,
  hubbleLegacyJson,
  igJson,
  kubernetesJson,
  kubernetesKeys,
  lokiJson,
  lokiKeys,
  netobservJson,
  retinaJson,
  yamlText,
  zeekDnsJson,
  zeekDnsTsvLine,
  zeekJson,
  zeekTsvLine,
} from './sniffs';
import { zeekJsonParser, zeekTsvParser } from './zeek';
import { zeekDnsParser } from './zeek-dns';

export interface FormatCapabilities {
  /**
   * How a record's client is found when the record does not say: 'events' — every flag change
   * of a connection is reported, so an ACK-only event is as likely a reply (Hubble, DESIGN.md
   * "Initiation"); 'connections' — one record per connection or interval, oriented by ports.
   */
  orientation: 'events' | 'connections';
  /** Records name pods/namespaces themselves (resolution needs no dump for them). */
  inlineMetadata: boolean;
  /** Records carry DNS answers or names of IPs (names.ts keeps them). */
  dnsNames: boolean;
}

export interface FormatDescriptor<I extends string = FormatId> {
  id: I;
  /** The format as people call it (the import list). */
  label: string;
  /** The family the import panel and the CLI help list it under; null: not a flow export. */
  family: string | null;
  kind: 'flows' | 'metadata';
  /** The line parser of a text flow format (binary captures and dumps have none). */
  parser?: (ctx: ParseContext) => LineParser;
  /** A byte line parser in front of `parser` (UTF-8 input), giving the same records. */
  bytesParser?: (ctx: ParseContext) => BytesLineParser;
  capabilities: FormatCapabilities;
  /**
   * How detection recognises it from text (classified.ts): a rule per stage, tried in rank
   * order among all formats' rules of that stage (binary captures: io/sniff.ts's magic).
   */
  sniff?: FormatSniff;
}

const EVENTS: FormatCapabilities = { orientation: 'events', inlineMetadata: true, dnsNames: false };
const NAMED: FormatCapabilities = {
  orientation: 'connections',
  inlineMetadata: true,
  dnsNames: false,
};
const BARE: FormatCapabilities = {
  orientation: 'connections',
  inlineMetadata: false,
  dnsNames: false,
};

function flows<I extends string>(
  id: I,
  label: string,
  family: string | null,
  capabilities: FormatCapabilities,
  parser?: (ctx: ParseContext) => LineParser,
  sniff?: FormatSniff,
): FormatDescriptor<I> {
  return {
    id,
    label,
    family,
    kind: 'flows',
    ...(parser && { parser }),
    capabilities,
    ...(sniff && { sniff }),
  };
}

const HUBBLE = 'Hubble (incl. exporter aggregates)';
const AWS = 'AWS VPC (incl. CloudWatch)';
const NETOBSERV = 'OpenShift NetObserv';
const PCAP = 'pcap/pcapng';
const ZEEK = 'Zeek conn.log and dns.log';
const NAMES: FormatCapabilities = { ...BARE, dnsNames: true };

/**
 * The descriptors with their ids kept literal: `FormatId` is read from them, so adding a format
 * is its module and its line here.
 */
const LIST = [
  {
    ...flows(
      'hubble-jsonpb',
      'Cilium Hubble flows',
      HUBBLE,
      { ...EVENTS, dnsNames: true },
      hubbleJsonpbParser,
      { json: { rank: 40, test: hubbleJson }, keys: { rank: 20, test: hubbleKeys } },
    ),
    bytesParser: hubbleJsonpbBytesParser,
  },
  flows(
    'hubble-json-legacy',
    'Cilium Hubble flows (hubble ≤ 0.10 JSON)',
    HUBBLE,
    EVENTS,
    hubbleLegacyParser,
    { json: { rank: 50, test: hubbleLegacyJson } },
  ),
  flows(
    'hubble-aggregated',
    'Hubble exporter aggregated flows',
    HUBBLE,
    EVENTS,
    hubbleAggregatedParser,
    { json: { rank: 20, test: hubbleAggregatedJson } },
  ),
  flows('retina', 'Retina / AKS ACNS flows', 'Retina/ACNS', NAMED, retinaParser, {
    json: { rank: 30, test: retinaJson },
  }),
  flows(
    'calico-ee',
    'Calico Enterprise flow logs',
    'Calico Enterprise',
    { ...NAMED, dnsNames: true },
    calicoParser,
    { json: { rank: 60, test: calicoJson } },
  ),
  flows(
    'calico-goldmane',
    'Calico Goldmane / Whisker flows',
    'Calico Goldmane/Whisker',
    NAMED,
    goldmaneParser,
    {
      line: { rank: 40, test: goldmaneLine },
      json: { rank: 10, test: goldmaneJson },
      keys: { rank: 60, test: goldmaneKeys },
    },
  ),
  flows('zeek-tsv', 'Zeek conn.log', ZEEK, BARE, zeekTsvParser, {
    line: { rank: 10, test: zeekTsvLine },
  }),
  flows('zeek-json', 'Zeek conn.log (JSON)', ZEEK, BARE, zeekJsonParser, {
    json: { rank: 90, test: zeekJson },
  }),
  flows('zeek-dns', 'Zeek dns.log (names of IPs)', ZEEK, NAMES, zeekDnsParser, {
    line: { rank: 9, test: zeekDnsTsvLine },
    json: { rank: 89, test: zeekDnsJson },
  }),
  flows('aws-vpc', 'AWS VPC flow logs', AWS, BARE, awsVpcParser, {
    line: { rank: 20, test: awsVpcLine },
  }),
  flows('aws-cloudwatch', 'AWS VPC flow logs (CloudWatch Logs)', AWS, BARE, awsCloudwatchParser, {
    json: { rank: 130, test: cloudwatchJson },
    keys: { rank: 50, test: cloudwatchKeys },
  }),
  flows('gcp-vpc', 'GCP VPC flow logs', 'GCP VPC', NAMED, gcpVpcParser, {
    json: { rank: 70, test: gcpJson },
  }),
  flows('azure-vnet', 'Azure VNet flow logs (v4)', 'Azure VNet flow logs', BARE, azureVnetParser, {
    json: { rank: 110, test: azureJson },
    keys: { rank: 30, test: azureKeys },
  }),
  flows(
    'netobserv-loki',
    'OpenShift NetObserv flows (Loki answer)',
    NETOBSERV,
    NAMED,
    netobservLokiParser,
    { json: { rank: 120, test: lokiJson }, keys: { rank: 40, test: lokiKeys } },
  ),
  flows('netobserv-json', 'OpenShift NetObserv flows', NETOBSERV, NAMED, netobservJsonParser, {
    json: { rank: 100, test: netobservJson },
  }),
  flows(
    'antrea-flowlogger',
    'Antrea flow aggregator log',
    'Antrea flow logs',
    NAMED,
    antreaParser,
    { line: { rank: 50, test: antreaLine } },
  ),
  flows('conntrack', 'conntrack table', 'conntrack', BARE, conntrackParser, {
    line: { rank: 30, test: conntrackLine },
  }),
  flows(
    'ig-trace-network',
    'Inspektor Gadget trace network',
    'Inspektor Gadget',
    NAMED,
    igTraceNetworkParser,
    { json: { rank: 80, test: igJson } },
  ),
  flows('pcap', 'pcap capture', PCAP, NAMES),
  flows('pcapng', 'pcapng capture', PCAP, NAMES),
  flows('netpolish-aggregate', 'netpolish aggregate file', 'the netpolish aggregate file', NAMED),
  {
    id: 'k8s-json',
    label: 'Kubernetes objects (JSON)',
    family: null,
    kind: 'metadata',
    capabilities: BARE,
    sniff: { json: { rank: 140, test: kubernetesJson }, keys: { rank: 10, test: kubernetesKeys } },
  },
  {
    id: 'k8s-yaml',
    label: 'Kubernetes objects (YAML)',
    family: null,
    kind: 'metadata',
    capabilities: BARE,
    sniff: { text: { rank: 10, test: yamlText } },
  },
] as const satisfies readonly FormatDescriptor<string>[];

/** The id of a format the engine knows: one of the registry's. */
export type FormatId = (typeof LIST)[number]['id'];

/** Every format, in the order the import list and the help text show them. */
export const FORMATS: readonly FormatDescriptor[] = LIST;

const BY_ID = new Map<string, FormatDescriptor>(FORMATS.map((f) => [f.id, f]));

/** The descriptor of a format id, or undefined for one this version does not know. */
export function formatDescriptor(id: string): FormatDescriptor | undefined {
  return BY_ID.get(id);
}

/**
 * Formats whose every line is a record on its own (no header, no document spanning lines): a
 * plain file of one of these can be cut after any newline and its parts read apart, in
 * parallel, to exactly what the whole read gives (tests/unit/engine/parts). Zeek TSV, AWS and
 * the other headed formats need their header; Zeek dns.log may be either.
 */
const STANDALONE_LINES: ReadonlySet<FormatId> = new Set<FormatId>([
  'hubble-jsonpb',
  'hubble-json-legacy',
  'hubble-aggregated',
  'retina',
  'calico-ee',
  'calico-goldmane',
  'zeek-json',
  'gcp-vpc',
  'netobserv-json',
  'conntrack',
  'ig-trace-network',
]);

/** Whether a text flow file read as `found` may be cut after a newline (see STANDALONE_LINES). */
export function splitsAtLines(found: { format: FormatId | null; kind: string }): boolean {
  return found.kind === 'flows' && found.format !== null && STANDALONE_LINES.has(found.format);
}
