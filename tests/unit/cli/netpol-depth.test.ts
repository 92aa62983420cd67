/**
 * The netpol-analyzer goldens beyond NetworkPolicy v1 (tests/fixtures/netpol-depth, provenance
 * in its SOURCES.md): AdminNetworkPolicy/BaselineAdminNetworkPolicy connlists, `--explain`
 * and `diff`, each run through the real CLI (`main`) and compared as its README says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';
import { connlistLines, explainBlocks, diffLines } from './netpol-depth-compare';

const ROOT = join(import.meta.dirname, '../../fixtures/netpol-depth');

interface Case {
  kind: 'connlist' | 'explain' | 'diff';
  name: string;
  dirs: string[];
  expected: string;
}

const cases = (JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { cases: Case[] })
  .cases;

const cli = (argv: string[]) => runCli(...argv);

function argv(c: Case): string[] {
  const dir = (i: number) => join(ROOT, c.dirs[i]!);
  if (c.kind === 'connlist') return ['connectivity', '--metadata', dir(0), '--output', 'txt'];
  if (c.kind === 'explain') return ['connectivity', '--metadata', dir(0), '--explain'];
  return ['diff', '--dir1', dir(0), '--dir2', dir(1), '--output', 'txt'];
}

const COMPARE = { connlist: connlistLines, explain: explainBlocks, diff: diffLines };

describe('netpol-analyzer depth goldens through the CLI', () => {
  it('has 27 connlist, 8 explain and 20 diff cases', () => {
    const count = (k: Case['kind']) => cases.filter((c) => c.kind === k).length;
    expect([count('connlist'), count('explain'), count('diff')]).toEqual([27, 8, 20]);
  });

  for (const c of cases) {
    it(`${c.kind}: ${c.name}`, async () => {
      const r = await cli(argv(c));
      expect(r.code, r.err).toBe(0);
      const expected = readFileSync(join(ROOT, c.expected), 'utf8');
      const normalise = COMPARE[c.kind];
      expect(normalise(r.out)).toEqual(normalise(expected));
    });
  }
});
