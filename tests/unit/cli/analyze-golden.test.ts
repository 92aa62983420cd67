/**
 * Golden folders for `netpolish analyze`: every tests/fixtures/analyze/<case>/case.json lists
 * runs (metadata, flows, extra arguments, expected JSON). Each run goes through main() as a
 * user's command line would; add a case by adding a folder. UPDATE_GOLDEN=1 rewrites the
 * expected files (review the diff by hand before committing it).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '../../fixtures/analyze');

interface Run {
  name: string;
  metadata: string[];
  flows: string[];
  args: string[];
  expected: string;
}

function capture(): {
  out: string[];
  err: string[];
  io: { out(t: string): void; err(t: string): void };
} {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => void out.push(t), err: (t) => void err.push(t) } };
}

const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

describe('analyze golden folders', () => {
  it('finds the cases', () => {
    expect(cases).toEqual([
      'antrea-flowlogger',
      'azure-vnet-aks',
      'conntrack-aks',
      'goldmane-online-boutique',
      'hubble-gke-10',
      'hubble-kind-bookinfo',
      'ig-connect-to-svc',
      'netobserv-loki',
      'pcap-dns-names',
      'retina-acns',
    ]);
  });

  for (const name of cases) {
    const dir = join(ROOT, name);
    const rel = relative(process.cwd(), dir);
    const runs = (JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { runs: Run[] }).runs;
    for (const run of runs) {
      it(`${name}: ${run.name}`, async () => {
        const files = (list: string[]) => list.map((f) => join(rel, f));
        const argv = ['analyze', '--flows', ...files(run.flows), ...run.args, '--json'];
        if (run.metadata.length > 0) argv.splice(1, 0, '--metadata', ...files(run.metadata));
        const c = capture();
        expect(await main(argv, c.io)).toBe(0);
        expect(c.err).toEqual([]);
        const actual = JSON.parse(c.out.join('').replaceAll(`${rel}/`, ''));
        const path = join(dir, run.expected);
        if (process.env['UPDATE_GOLDEN'])
          writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
        expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
      });
    }
  }
});
