/**
 * The CLI and the undetermined pairs of the demo capture (DESIGN.md §5 "Direction unknown"):
 * `analyze` lists them under "undetermined" in --json and says in a line of its table how many
 * it leaves out; `generate` leaves them out of the policy (no option includes them) and says
 * how many on stderr. The app's review lists the same rows (identity.test.ts compares both).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const SAMPLES = join(import.meta.dirname, '../../../static/samples');
const SOURCES = [
  '--metadata',
  join(SAMPLES, 'bookinfo-kind_cluster-dump.json'),
  '--flows',
  join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json'),
  join(SAMPLES, 'hubble-otel_basic-sample-400-udp-flows.json'),
];

type Row = { direction: string; workload: { name: string }; port: number; endPort?: number };

describe('undetermined pairs in the CLI', () => {
  it('analyze: both readings under "undetermined" in --json, one line in the table', async () => {
    const json = await runCli('analyze', ...SOURCES, '--namespace', 'bookinfo', '--json');
    const doc = JSON.parse(json.out) as { communications: Row[]; undetermined: Row[] };
    const productpage = doc.undetermined.filter((r) => r.workload.name === 'productpage-v1');
    expect(productpage.map((r) => [r.direction, r.port, r.endPort ?? null])).toEqual([
      ['ingress', 56874, 57094],
      ['ingress', 59376, 59422],
      ['ingress', 53686, 54002],
      ['egress', 9080, null],
      ['egress', 9080, null],
      ['egress', 9080, null],
    ]);
    // Never among the counted communications (the accounting counts them apart).
    expect(doc.communications.some((r) => r.endPort !== undefined)).toBe(false);
    const text = await runCli('analyze', ...SOURCES, '--namespace', 'bookinfo');
    expect(text.out).toContain(
      '14 undetermined rows (initiator unknown, each pair read both ways) not in the table',
    );
    expect(text.out).toContain('45 undetermined');
  });

  it('generate: left out of the policy, and stderr says how many', async () => {
    const r = await runCli(
      'generate',
      ...SOURCES,
      '--entity',
      'deployment',
      '--namespace',
      'bookinfo',
      '--name',
      'productpage-v1',
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'netpolish generate: 6 undetermined rows (initiator unknown, each pair read both ways) left out of the policy',
    );
    expect(r.out).not.toContain('endPort');
    expect(r.out).not.toContain('56874');
  });
});
