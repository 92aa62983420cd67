/**
 * The line parsers of the flow formats, from the format registry (registry.ts). Binary
 * captures and metadata dumps have no line parser (pcap is read by its own entry; dumps are
 * parsed by inventory/). Formats of big captures also have a byte line parser that reads most
 * lines without decoding them.
 */
import type { BytesLineParser, LineParser, ParseContext } from './common';
import { formatDescriptor } from './registry';
import type { FormatId } from './types';

/** The line parser of a text flow format; null for metadata and binary formats. */
export function createLineParser(format: FormatId, ctx: ParseContext): LineParser | null {
  const make = formatDescriptor(format)?.parser;
  return make ? make(ctx) : null;
}

/**
 * The byte line parser of a format, when it has one (UTF-8 input only): the fast path in front
 * of its LineParser, giving the same records.
 */
export function createBytesLineParser(format: FormatId, ctx: ParseContext): BytesLineParser | null {
  const make = formatDescriptor(format)?.bytesParser;
  return make ? make(ctx) : null;
}
