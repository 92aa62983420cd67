/**
 * Bytes → text for metadata dumps: UTF-8 (with or without BOM) and UTF-16 LE/BE (by BOM, or by
 * the NUL pattern of ASCII text when the BOM is missing, as PowerShell redirects produce).
 * Invalid bytes never throw: they decode to U+FFFD and yield one NP-ENCODING warning.
 */
import { DIAGNOSTIC_CODES, type Diagnostic } from '../model/diagnostic';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function sniffEncoding(b: Uint8Array): { encoding: Encoding; skip: number } {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return { encoding: 'utf-16le', skip: 0 };
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return { encoding: 'utf-16be', skip: 0 };
  return { encoding: 'utf-8', skip: 0 };
}

/** Decode a metadata file; the BOM is removed. */
export function decodeText(
  bytes: Uint8Array,
  file: string,
): { text: string; diagnostics: Diagnostic[] } {
  const { encoding, skip } = sniffEncoding(bytes);
  const body = bytes.subarray(skip);
  try {
    return {
      text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body),
      diagnostics: [],
    };
  } catch {
    const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
    const diagnostic: Diagnostic = {
      code: DIAGNOSTIC_CODES.BAD_ENCODING,
      severity: 'warning',
      message: `Bytes that are not valid ${encoding.toUpperCase()} were replaced by U+FFFD`,
      file,
      line: null,
    };
    return { text, diagnostics: [diagnostic] };
  }
}
