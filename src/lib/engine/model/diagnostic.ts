/**
 * Diagnostics: every problem with input is data, never an exception. Codes are stable
 * (tests compare codes, the UI groups by code); messages are for people.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable code, e.g. `NP-PARSE-JSON`; see DIAGNOSTIC_CODES. */
  code: string;
  severity: Severity;
  message: string;
  /** File name as the user knows it (no directories of this machine). */
  file: string;
  /** 1-based line number where the format has lines; null otherwise. */
  line: number | null;
}

/** The catalogue of stable codes. Add new codes here, never rename one. */
export const DIAGNOSTIC_CODES = {
  /** The file's format could not be recognised from its first bytes/lines. */
  UNKNOWN_FORMAT: 'NP-FORMAT-UNKNOWN',
  /** A format that is recognised but not supported (parquet, tar…). */
  UNSUPPORTED_FORMAT: 'NP-FORMAT-UNSUPPORTED',
  /** A line that is not valid JSON where JSON was expected. */
  BAD_JSON: 'NP-PARSE-JSON',
  /** A line/record of the right syntax that lacks required fields or has bad values. */
  BAD_RECORD: 'NP-PARSE-RECORD',
  /** A line longer than the limit; skipped. */
  LINE_TOO_LONG: 'NP-LINE-TOO-LONG',
  /** Gzip stream ended early or is corrupt. */
  TRUNCATED_GZIP: 'NP-GZIP-TRUNCATED',
  /** Bytes that are not text in the declared/detected encoding. */
  BAD_ENCODING: 'NP-ENCODING',
  /** The file could not be read at all. */
  UNREADABLE: 'NP-FILE-UNREADABLE',
  /** A Kubernetes object in a metadata dump lacks what the inventory needs. */
  BAD_OBJECT: 'NP-META-OBJECT',
  /** A YAML document that could not be parsed. */
  BAD_YAML: 'NP-PARSE-YAML',
  /** A document nested deeper than the limit. */
  TOO_DEEP: 'NP-TOO-DEEP',
  /** A file in a metadata folder that is not a Kubernetes manifest. */
  NOT_MANIFEST: 'NP-META-NOT-MANIFEST',
  /** Policy validation failure. */
  INVALID_POLICY: 'NP-POLICY-INVALID',
  /** A record the format itself marks as carrying no flow (AWS NODATA/SKIPDATA, Hubble lost events). */
  SKIPPED_RECORD: 'NP-RECORD-SKIPPED',
  /** More diagnostics of one code than are kept; the summary says how many were dropped. */
  DIAGNOSTICS_CAPPED: 'NP-DIAGNOSTICS-CAPPED',
  /** A file (or one document) larger than can be held in memory as text. */
  TOO_LARGE: 'NP-FILE-TOO-LARGE',
  /** Reading stopped because the caller aborted it; what was read so far counts. */
  ABORTED: 'NP-ABORTED',
  /** An input with the same content as an earlier one of the same run or cluster: not counted again. */
  DUPLICATE_INPUT: 'NP-INPUT-DUPLICATE',
  /** A malformed or conflicting AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy. */
  ADMIN_POLICY: 'NP-ADMIN-POLICY',
  /** A part of an admin policy that is read but not evaluated (nodes and domainNames peers). */
  ADMIN_NOT_EVALUATED: 'NP-ADMIN-NOT-EVALUATED',
  /** A record whose time does not exist or lies outside 1970–9999; skipped. */
  BAD_TIME: 'NP-RECORD-TIME',
  /** A record whose address is not an IP address (`999.1.1.1`, `10.0.0.0/33`, HTML); skipped. */
  BAD_ADDRESS: 'NP-RECORD-ADDRESS',
  /** A record whose port is not 0–65535 (`65536`, `-1`, `http`); skipped. */
  BAD_PORT: 'NP-RECORD-PORT',
  /** Bytes after the last complete gzip member that are not another member; ignored. */
  GZIP_TRAILING: 'NP-GZIP-TRAILING',
  /** Decompression stopped: the data expands past the budget (ratio or size); a bomb? */
  GZIP_BUDGET: 'NP-GZIP-BUDGET',
  /** A stored or carried row (or entries inside it) that could not be read back; left out. */
  STORED_ROW: 'NP-STORED-ROW',
} as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[keyof typeof DIAGNOSTIC_CODES];
