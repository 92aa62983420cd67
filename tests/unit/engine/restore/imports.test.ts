/**
 * The imports table read back (engine restore/imports.ts): a record an import wrote comes back
 * as written, an older one gets today's defaults, an unusable one (no id, cluster or known
 * status) is left out, and malformed diagnostics inside one are dropped and said.
 */
import { describe, expect, it } from 'vitest';
import { restoreImportRecord, type ImportRecord } from '$lib/engine/restore/imports';

const record: ImportRecord = {
  id: 'a',
  name: 'flows.json',
  size: 10,
  cluster: 'kind',
  status: 'done',
  format: 'hubble-jsonpb',
  kind: 'flows',
  startedAt: 1,
  finishedAt: 2,
  bytesRead: 10,
  lines: 3,
  records: 3,
  communications: 2,
  diagnostics: [{ code: 'NP-PARSE-JSON', severity: 'error', message: 'bad', file: 'f', line: 2 }],
  diagnosticOverflow: { 'NP-PARSE-JSON': 4 },
  error: null,
  contentHash: 'h',
  accounting: {
    events: 3,
    counted: 2,
    bothEnds: 0,
    replies: 1,
    undetermined: 0,
    unreadable: 1,
    skipped: 0,
  },
  contents: [{ one: 'pod', many: 'pods', count: 2 }],
  byteScan: 'wasm',
};

describe('restoreImportRecord', () => {
  it('a record comes back as written (a removed one with its earlier status)', () => {
    expect(restoreImportRecord(structuredClone(record), 's')).toEqual({
      value: record,
      problems: [],
      dropped: 0,
    });
    const removed = { ...record, status: 'removed', removedFrom: 'done', removedAt: 9 } as const;
    expect(restoreImportRecord(removed, 's').value).toEqual(removed);
  });

  it('an older record gets the fields it lacks', () => {
    const { diagnosticOverflow: _o, communications: _c, accounting: _a, ...old } = record;
    const r = restoreImportRecord({ ...old, kind: undefined, error: undefined }, 's').value!;
    expect(r.diagnosticOverflow).toEqual({});
    expect(r.communications).toBe(0);
    expect([r.kind, r.error, r.accounting]).toEqual([null, null, undefined]);
    expect(restoreImportRecord({ ...record, byteScan: 'asm' }, 's').value!.byteScan).toBe(
      undefined,
    );
  });

  it('an unusable record is left out; malformed diagnostics are dropped and said', () => {
    for (const bad of [null, { ...record, id: 1 }, { ...record, status: 'zombie' }, { id: 'x' }])
      expect(restoreImportRecord(bad, 'stored imports')).toMatchObject({
        value: null,
        problems: [
          {
            code: 'NP-STORED-ROW',
            file: 'stored imports',
            message: '1 stored import could not be read and was left out',
          },
        ],
      });
    const r = restoreImportRecord(
      { ...record, diagnostics: [...record.diagnostics, 5, { code: 'X' }], contents: 'x' },
      's',
    );
    expect(r.value!.diagnostics).toEqual(record.diagnostics);
    expect(r.value!.contents).toEqual([]);
    expect(r.problems).toMatchObject([
      { file: 'flows.json', message: '2 stored diagnostics could not be read and were left out' },
    ]);
  });
});
