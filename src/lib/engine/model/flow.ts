/**
 * The common flow record every parser produces (FORMATS.md §0). Plain data only.
 * A parser fills what its format says; the inventory join and the resolver fill the rest.
 */
export type Proto = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6' | (string & {});

export interface EndpointMeta {
  namespace?: string;
  pod?: string;
  /** Deployment | DaemonSet | StatefulSet | CronJob | Job | ReplicaSet | Pod | … */
  workloadKind?: string;
  workloadName?: string;
  labels?: Record<string, string>;
  service?: { namespace: string; name: string; port?: number | string };
  node?: string;
  kind?: 'pod' | 'host' | 'node' | 'world' | 'networkset' | 'service' | 'unknown';
  identity?: number;
  cluster?: string;
  names?: string[];
  aggregatedName?: string;
}

export type Verdict =
  'allowed' | 'denied' | 'dropped' | 'audit' | 'redirected' | 'error' | 'unknown';

export interface FlowRecord {
  /** 'hubble-jsonpb' | 'hubble-json-legacy' | 'calico-ee' | 'zeek-tsv' | 'aws-vpc' | … */
  format: string;
  /** Epoch ms; for interval formats the interval start. null when the format has no time (conntrack). */
  time: number | null;
  timeEnd?: number;
  /**
   * The record stands for flows spread over a time bucket this wide, of which only the first
   * start and last end are known (an aggregate file's row): buckets are kept at least this wide.
   */
  resolutionMs?: number;
  srcIp?: string;
  srcPort?: number;
  dstIp?: string;
  dstPort?: number;
  proto: Proto;
  icmp?: { type: number; code: number };
  direction?: 'ingress' | 'egress' | 'unknown';
  reporter?: 'src' | 'dst' | 'unknown';
  /** The record describes the reply direction: it is not a connection initiation. */
  isReply?: boolean;
  /** Best knowledge of who opened the connection; 'unknown' leaves it to port heuristics. */
  initiator?: 'src' | 'dst' | 'unknown';
  /** TCP flags seen on this record, when the format has them (SYN, ACK, FIN, RST, PSH, URG). */
  tcpFlags?: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean };
  verdict?: Verdict;
  verdictRaw?: string;
  bytes?: number;
  packets?: number;
  bytesRev?: number;
  packetsRev?: number;
  /** Connections aggregated into this record (default 1). */
  count?: number;
  src?: EndpointMeta;
  dst?: EndpointMeta;
  /** Original (pre-DNAT) destination when the format shows it (conntrack, Hubble service). */
  origDstIp?: string;
  origDstPort?: number;
  l7?: { type: 'http' | 'dns' | 'kafka'; [k: string]: unknown };
  /** DNS answers this record carries (a DNS response event): names of addresses (model/names.ts). */
  answers?: import('./names').DnsAnswer[];
  /** The record only carries `answers` (a Zeek dns.log line): it is no connection to count. */
  namesOnly?: boolean;
  policies?: string[];
}
