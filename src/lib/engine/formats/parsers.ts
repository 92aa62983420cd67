/**
 * The registry of line parsers: one per flow format. Binary captures and metadata dumps have
 * no line parser (pcap is read by its own entry; dumps are parsed by inventory/). Formats of
 * big captures also have a byte line parser that reads most lines without decoding them.
 */
import { antreaParser } from './antrea';
import { awsCloudwatchParser } from './aws-cloudwatch';
import { awsVpcParser } from './aws-vpc';
import { azureVnetParser } from './azure-vnet';
import { calicoParser } from './calico';
import { goldmaneParser } from './goldmane';
import { hubbleAggregatedParser } from './hubble-aggregated';
import { netobservJsonParser, netobservLokiParser } from './netobserv';
import { retinaParser } from './retina';
import type { BytesLineParser, LineParser, ParseContext } from './common';
import { conntrackParser } from './conntrack';
import { gcpVpcParser } from './gcp-vpc';
import { hubbleJsonpbParser, hubbleLegacyParser } from './hubble';
import { hubbleJsonpbBytesParser } from './hubble-bytes';
import { igTraceNetworkParser } from './inspektor-gadget';
import type { FormatId } from './types';
import { zeekJsonParser, zeekTsvParser } from './zeek';

const FACTORIES: Partial<Record<FormatId, (ctx: ParseContext) => LineParser>> = {
  'hubble-jsonpb': hubbleJsonpbParser,
  'hubble-json-legacy': hubbleLegacyParser,
  'hubble-aggregated': hubbleAggregatedParser,
  retina: retinaParser,
  'calico-ee': calicoParser,
  'calico-goldmane': goldmaneParser,
  'zeek-tsv': zeekTsvParser,
  'zeek-json': zeekJsonParser,
  'aws-vpc': awsVpcParser,
  'aws-cloudwatch': awsCloudwatchParser,
  'gcp-vpc': gcpVpcParser,
  'azure-vnet': azureVnetParser,
  'netobserv-loki': netobservLokiParser,
  'netobserv-json': netobservJsonParser,
  'antrea-flowlogger': antreaParser,
  conntrack: conntrackParser,
  'ig-trace-network': igTraceNetworkParser,
};

/** The line parser of a text flow format; null for metadata and binary formats. */
export function createLineParser(format: FormatId, ctx: ParseContext): LineParser | null {
  const make = FACTORIES[format];
  return make ? make(ctx) : null;
}

const BYTE_FACTORIES: Partial<Record<FormatId, (ctx: ParseContext) => BytesLineParser>> = {
  'hubble-jsonpb': hubbleJsonpbBytesParser,
};

/**
 * The byte line parser of a format, when it has one (UTF-8 input only): the fast path in front
 * of its LineParser, giving the same records.
 */
export function createBytesLineParser(format: FormatId, ctx: ParseContext): BytesLineParser | null {
  const make = BYTE_FACTORIES[format];
  return make ? make(ctx) : null;
}
