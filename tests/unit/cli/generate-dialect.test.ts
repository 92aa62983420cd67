/**
 * `netpolish generate --dialect`: the bookinfo namespace bundle from a real Hubble capture in
 * every dialect, against golden YAML (tests/fixtures/policy/cli-hubble-bookinfo/
 * expected.<dialect>.yaml; `UPDATE_GOLDEN=1` rewrites them), each document valid for its
 * dialect; the k8s dialect prints what plain `generate` prints; an unknown dialect exits 1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { DIALECTS } from '../../../src/lib/engine/policy/dialects/index';

const BOOK = join(import.meta.dirname, '../../fixtures/policy/cli-hubble-bookinfo');
const bookArgs = [
  '--metadata',
  join(BOOK, 'cluster.json'),
  join(BOOK, 'bookinfo.json'),
  '--flows',
  join(BOOK, 'hubble-otel_basic-sample-400-tcp-flows.json'),
  '--namespace',
  'bookinfo',
  '--allow-dns',
];

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(['generate', ...argv], io);
  return { code, out, err };
}

describe('netpolish generate --dialect', () => {
  for (const dialect of DIALECTS.filter((d) => d.id !== 'k8s')) {
    it(`prints the bookinfo bundle as ${dialect.id}`, async () => {
      const r = await cli(...bookArgs, '--dialect', dialect.id);
      expect(r.code).toBe(0);
      const docs = loadAll(r.out);
      expect(docs.length).toBeGreaterThan(1);
      for (const d of docs) expect(dialect.validate(d).errors).toEqual([]);
      const file = join(BOOK, `expected.${dialect.id}.yaml`);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, r.out);
      expect(r.out).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('k8s is the default dialect', async () => {
    const plain = await cli(...bookArgs);
    expect(await cli(...bookArgs, '--dialect', 'k8s')).toEqual(plain);
    expect(plain.out.startsWith('apiVersion: networking.k8s.io/v1\n')).toBe(true);
  });

  it('one workload in a dialect, and an unknown dialect exits 1 with the choices', async () => {
    const one = await cli(
      ...bookArgs,
      '--entity',
      'deployment',
      '--name',
      'details-v1',
      '--dialect',
      'calico-staged',
    );
    expect(one.code).toBe(0);
    expect(loadAll(one.out)).toMatchObject([
      { kind: 'StagedNetworkPolicy', metadata: { name: 'details-v1-deployment' } },
    ]);
    const bad = await cli(...bookArgs, '--dialect', 'antrea');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      "--dialect must be one of k8s, cilium, calico, calico-staged (got 'antrea')",
    );
  });
});
