import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeUtf8, createChunkDecoder } from '../../../../src/lib/engine/io/utf8';

describe('chunked UTF-8 decoding', () => {
  it('finds where an unfinished multi-byte sequence starts', () => {
    const euro = [0xe2, 0x82, 0xac];
    expect(completeUtf8(new Uint8Array([0x61, ...euro]))).toBe(4);
    expect(completeUtf8(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1);
    expect(completeUtf8(new Uint8Array([0x61, 0xf0, 0x9f, 0x98]))).toBe(1);
    expect(completeUtf8(new Uint8Array([]))).toBe(0);
  });

  it('decodes any text cut anywhere like a one-shot decode, BOM stripped once', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (text, cuts, bom) => {
          const bytes = new TextEncoder().encode((bom ? '\ufeff' : '') + text);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const d = createChunkDecoder('utf-8');
          let out = '';
          let at = 0;
          for (const p of [...points, bytes.length]) {
            out += d.decode(bytes.slice(at, p));
            at = p;
          }
          out += d.decode(null);
          expect(out).toBe(new TextDecoder().decode(bytes));
        },
      ),
    );
  });

  it('keeps a BOM-like character in the middle of the text', () => {
    const d = createChunkDecoder('utf-8');
    const a = d.decode(new TextEncoder().encode('\ufeffab'));
    const b = d.decode(new TextEncoder().encode('\ufeffcd'));
    expect(a + b + d.decode(null)).toBe('ab\ufeffcd');
  });
});
