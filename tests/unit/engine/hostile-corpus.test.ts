/**
 * The hostile corpus (tests/fixtures/hostile, one file per class of the attack sweep) through
 * the three ways a file is read: the engine's readInput, the app's import (the worker API on
 * fake-indexeddb) and `netpolish analyze`. Each must give the records and diagnostics of
 * cases.json; none may throw. Add a case by adding a file to make.mjs and a line to cases.json.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInput } from '../../../src/lib/engine/formats/index';
import { DIAGNOSTIC_CODES } from '../../../src/lib/engine/model/diagnostic';
import { main } from '../../../src/cli/main';
import { api } from '../../../workers/engine-api';

interface Case {
  file: string;
  what: string;
  records: number;
  replies: number;
  codes: Record<string, number>;
}

const DIR = new URL('../../fixtures/hostile/', import.meta.url);
const { cases } = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8')) as {
  cases: Case[];
};
const bytes = (c: Case) => new Uint8Array(readFileSync(new URL(c.file, DIR)));
const codeSet = (codes: string[]) =>
  [...new Set(codes)].filter((c) => c !== DIAGNOSTIC_CODES.DIAGNOSTICS_CAPPED).sort();

describe.each(cases)('hostile corpus: $file ($what)', (c) => {
  it('readInput gives the expected records and diagnostics', async () => {
    // 997-byte chunks: every boundary case of the streaming code lands somewhere odd.
    const b = bytes(c);
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (at >= b.length) return ctl.close();
        ctl.enqueue(b.slice(at, (at += 997)));
      },
    });
    const r = await readInput(stream, c.file, { onRecord: () => {} });
    expect({ records: r.records, replies: r.replies, codes: r.diagnosticCounts }).toEqual({
      records: c.records,
      replies: c.replies,
      codes: c.codes,
    });
  });

  it('the app import stores the same records and codes', async () => {
    api.useDatabase(`hostile-${c.file}`);
    const row = await api.importFile(new File([bytes(c)], c.file), { id: c.file, cluster: 'h' });
    expect(row.records).toBe(c.records);
    expect(codeSet(row.diagnostics.map((d) => d.code))).toEqual(Object.keys(c.codes).sort());
    expect(row.status).toBe(c.records > 0 ? 'done' : row.status);
  });

  it('netpolish analyze exits 0 with the same codes', async () => {
    let out = '';
    const code = await main(['analyze', '--flows', new URL(c.file, DIR).pathname, '--json'], {
      out: (t) => void (out += t),
      err: () => undefined,
    });
    expect(code).toBe(0);
    const json = JSON.parse(out) as { diagnostics: { code: string }[] };
    expect(codeSet(json.diagnostics.map((d) => d.code))).toEqual(Object.keys(c.codes).sort());
  });
});
