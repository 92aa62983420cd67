/**
 * The registry of line parsers: one per flow format. Binary captures and metadata dumps have
 * no line parser (pcap is read by its own entry; dumps are parsed by inventory/).
 */
import { awsVpcParser } from './aws-vpc';
import { calicoParser } from './calico';
import type { LineParser, ParseContext } from './common';
import { conntrackParser } from './conntrack';
import { gcpVpcParser } from './gcp-vpc';
import { hubbleJsonpbParser, hubbleLegacyParser } from './hubble';
import { igTraceNetworkParser } from './inspektor-gadget';
import type { FormatId } from './types';
import { zeekJsonParser, zeekTsvParser } from './zeek';

const FACTORIES: Partial<Record<FormatId, (ctx: ParseContext) => LineParser>> = {
  'hubble-jsonpb': hubbleJsonpbParser,
  'hubble-json-legacy': hubbleLegacyParser,
  'calico-ee': calicoParser,
  'zeek-tsv': zeekTsvParser,
  'zeek-json': zeekJsonParser,
  'aws-vpc': awsVpcParser,
  'gcp-vpc': gcpVpcParser,
  conntrack: conntrackParser,
  'ig-trace-network': igTraceNetworkParser,
};

/** The line parser of a text flow format; null for metadata and binary formats. */
export function createLineParser(format: FormatId, ctx: ParseContext): LineParser | null {
  const make = FACTORIES[format];
  return make ? make(ctx) : null;
}
