/**
 * The `--json` document's rows (src/cli/analyze.ts `toJson`): each time is the ISO text of its
 * epoch ms, formatted once per document and shared by the rows that have it.
 */
import { describe, expect, it } from 'vitest';
import { toJson } from '../../../src/cli/analyze';
import type { Communication } from '../../../src/lib/engine/index';

const T = Date.parse('2024-05-06T10:00:00Z');

function row(name: string, firstSeen: number | null, lastSeen: number | null): Communication {
  return {
    key: name as Communication['key'],
    direction: 'egress',
    workload: { kind: 'Deployment', namespace: 'ns', name },
    peer: { type: 'ip', ip: '10.0.0.1', class: 'unknown', alias: null },
    port: 80,
    protocol: 'TCP',
    flows: 1,
    firstSeen,
    lastSeen,
    via: [],
    verdicts: {},
  };
}

describe('the --json rows', () => {
  it('give each row the ISO text of its own times, shared or not, and null for none', () => {
    const times: [number | null, number | null][] = [
      [T, T + 1],
      [T + 1, T + 2],
      [T, T + 1],
      [null, null],
      [T + 86_400_000 + 999, T + 86_400_000 + 1000],
      [T + 2, T],
    ];
    const rows = times.map(([f, l], i) => row(`w${i}`, f, l));
    const doc = toJson(rows.slice(0, 3), [], rows.slice(3)) as {
      communications: { firstSeen: string | null; lastSeen: string | null }[];
      undetermined: { firstSeen: string | null; lastSeen: string | null }[];
    };
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    expect(
      [...doc.communications, ...doc.undetermined].map((r) => [r.firstSeen, r.lastSeen]),
    ).toEqual(times.map(([f, l]) => [iso(f), iso(l)]));
  });

  it('throws for a time no date has, as each row did', () => {
    expect(() => toJson([row('w', T, 8.64e15 + 1)], [])).toThrow(RangeError);
  });
});
