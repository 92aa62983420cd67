/**
 * A file read in parts says how its lines were scanned as the parts did (formats/read-parts.ts):
 * each part's thread loads the WebAssembly kernel for itself, so one part scanned in
 * JavaScript makes the file's answer `js`.
 */
import { describe, expect, it } from 'vitest';
import { mergeReads } from '../../../../src/lib/engine/formats/read-parts';
import type { ByteScan } from '../../../../src/lib/engine/formats/common';
import type { ReadResult } from '../../../../src/lib/engine/formats/types';

function part(byteScan: ByteScan | undefined): ReadResult {
  return {
    format: 'hubble-jsonpb',
    kind: 'flows',
    lines: 2,
    records: 1,
    bytes: 10,
    diagnostics: [],
    replies: 1,
    aborted: false,
    diagnosticCounts: {},
    ...(byteScan && { byteScan }),
  };
}

describe('mergeReads byteScan', () => {
  it('is the parts` scan when they agree, js when any part scanned in JavaScript', () => {
    const merged = (...scans: (ByteScan | undefined)[]) =>
      mergeReads('f', scans.map(part)).byteScan;
    expect(merged('wasm', 'wasm', 'wasm')).toBe('wasm');
    expect(merged('js', 'js')).toBe('js');
    expect(merged('wasm', 'js', 'wasm')).toBe('js');
    expect(merged('js', 'wasm')).toBe('js');
    expect(merged(undefined, undefined)).toBeUndefined();
  });
});
