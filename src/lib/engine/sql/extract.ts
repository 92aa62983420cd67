/**
 * What a format's recipe contributes: SQL expressions over one raw `line` that give the fields
 * the engine's parser gives a FlowRecord (formats/*.ts), under fixed column names. The common
 * part (sql/recipe.ts) orients, aggregates and writes them the same way for every format.
 */
import { META_COLUMNS } from '../formats/aggregate-file/schema';
import type { Dialect } from './dialects';

/** Inline metadata of one endpoint, prefixed `s_` (source) or `d_` (destination). */
export const META_FIELDS = [...META_COLUMNS, 'service_namespace', 'service_name'] as const;
export type MetaField = (typeof META_FIELDS)[number];
export type Meta = Partial<Record<MetaField, string>>;

export interface Extract {
  /** How the raw files are read: JSON lines, or text lines. */
  source: 'json' | 'text';
  /**
   * Intermediate columns, computed stage by stage before the fields below (which may name
   * them): each value is read once, and the scripts stay small enough to read and to parse.
   */
  stages?: Record<string, string>[];
  /** Keeps the lines that hold a flow record. */
  where: string;
  /** The Hubble orientation rule applies (FORMATS.md §11: no port heuristics for Hubble). */
  hubble: boolean;
  srcIp: string;
  dstIp: string;
  srcPort: string;
  dstPort: string;
  proto: string;
  timeMs: string;
  endMs?: string;
  isReply?: string;
  /** 'src' | 'dst' | NULL */
  initiator?: string;
  syn?: string;
  ack?: string;
  /** The ICMP type when the record has an ICMP header (Hubble), else NULL. */
  icmpType?: string;
  /** 'src' | 'dst' | NULL */
  reporter?: string;
  /** 'ingress' | 'egress' | NULL */
  direction?: string;
  verdict?: string;
  /** Connections the record stands for (`count`), default 1. */
  count?: string;
  src: Meta;
  dst: Meta;
}

export interface FormatRecipe {
  id: string;
  label: string;
  extract(d: Dialect, opts: RecipeOptions): Extract;
}

export interface RecipeOptions {
  /** AWS VPC flow logs: the record's fields in order (the log format), default the v2 fields. */
  fields?: string[];
}
