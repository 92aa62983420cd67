/**
 * `netpolish diff` and `connectivity --explain` through main(), beyond the goldens: the CSV,
 * Markdown and JSON forms of a diff, no difference, bad arguments, admin policies given with
 * --policies, and their diagnostics on stderr.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const DEPTH = join(import.meta.dirname, '../../fixtures/netpol-depth/tests');
const dir = (c: string) => join(DEPTH, c);

const cli = runCli;

const tmp = mkdtempSync(join(tmpdir(), 'netpolish-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NAMED = [
  '--dir1',
  dir('test_with_named_ports'),
  '--dir2',
  dir('test_with_named_ports_changed_netpol'),
];

describe('netpolish diff', () => {
  it('writes CSV with quoted fields that hold commas', async () => {
    const r = await cli('diff', ...NAMED, '--output', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('diff-type,source,destination,ref1,ref2,workloads-diff-info');
    expect(lines).toContain(
      'changed,default/cog-agents[DaemonSet],kube-system-dummy-to-ignore/kube-dns-amd64-d66bf76db[ReplicaSet],' +
        '"TCP 10053,UDP 10053","TCP 10053-10054,UDP 10053",',
    );
    expect(r.out.endsWith('\n')).toBe(true);
  });

  it('writes a Markdown table and a JSON array with the same rows as the text', async () => {
    const txt = await cli('diff', ...NAMED);
    const md = await cli('diff', ...NAMED, '--output', 'md');
    const json = await cli('diff', ...NAMED, '--output=json');
    const rows = txt.out.split('\n').slice(1, -1);
    expect(md.out.split('\n').slice(0, 2)).toEqual([
      '| diff-type | source | destination | ref1 | ref2 | workloads-diff-info |',
      '|-----------|--------|-------------|------|------|---------------------|',
    ]);
    expect(md.out.split('\n').filter((l) => l.startsWith('| changed'))).toHaveLength(rows.length);
    const parsed = JSON.parse(json.out) as Record<string, string>[];
    expect(parsed).toHaveLength(rows.length);
    expect(parsed[0]).toEqual({
      'diff-type': 'changed',
      source: '0.0.0.0-255.255.255.255[External]',
      destination: 'kube-system-dummy-to-ignore/kube-dns-amd64-d66bf76db[ReplicaSet]',
      ref1: 'TCP 10053,UDP 10053',
      ref2: 'TCP 10053-10054,UDP 10053',
      'workloads-diff-info': '',
    });
    expect(rows[0]).toBe(
      'diff-type: changed, source: 0.0.0.0-255.255.255.255[External], ' +
        'destination: kube-system-dummy-to-ignore/kube-dns-amd64-d66bf76db[ReplicaSet], ' +
        'ref1: TCP 10053,UDP 10053, ref2: TCP 10053-10054,UDP 10053',
    );
  });

  it('prints nothing when nothing changed (JSON: an empty array)', async () => {
    const same = ['--dir1', dir('anp_test_6'), '--dir2', dir('anp_test_6')];
    expect(await cli('diff', ...same)).toMatchObject({ code: 0, out: '' });
    expect((await cli('diff', ...same, '--output', 'json')).out).toBe('[]\n');
  });

  it.each([
    [['--dir1', dir('anp_test_6')], /--dir1 <dir> and --dir2 <dir> are both required/],
    [[...NAMED, '--output', 'dot'], /--output must be one of txt, csv, md, json, not 'dot'/],
    [
      ['--dir1', join(tmp, 'nope'), '--dir2', dir('anp_test_6')],
      /cannot read '.*nope': no such file or folder/,
    ],
  ])('exits 1 on bad arguments %j', async (args, message) => {
    const r = await cli('diff', ...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
  });

  it('prints its usage for --help', async () => {
    const r = await cli('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: netpolish diff --dir1 <dir> --dir2 <dir>/);
  });
});

describe('netpolish connectivity with admin policies', () => {
  it('--explain refuses --output json', async () => {
    const r = await cli(
      'connectivity',
      '--metadata',
      dir('anp_demo'),
      '--explain',
      '--output',
      'json',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--explain prints text; use it without --output json/);
  });

  it('takes admin policies from --policies, and reports their problems with file and line', async () => {
    const base = join(tmp, 'base');
    const extra = join(tmp, 'banp.yaml');
    mkdirSync(base, { recursive: true });
    writeFileSync(
      join(base, 'pods.yaml'),
      ['a', 'b']
        .map(
          (n) =>
            `apiVersion: v1\nkind: Pod\nmetadata: {name: ${n}, namespace: ns-${n}, labels: {app: ${n}}}\n` +
            'spec: {containers: [{name: c}]}\n',
        )
        .join('---\n'),
    );
    writeFileSync(
      extra,
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\n' +
        'metadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n' +
        '  - {name: deny-a, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: ns-a}}}]}\n' +
        '  - {name: odd, action: Allow, from: [{namespaces: {}, pods: {podSelector: {}}}]}\n',
    );
    const without = await cli('connectivity', '--metadata', base);
    expect(without.out).toContain('ns-a/a[Pod] => ns-b/b[Pod] : All Connections\n');
    const r = await cli('connectivity', '--metadata', base, '--policies', extra);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('ns-a/a[Pod] => ns-b/b[Pod]');
    expect(r.out).toContain('ns-b/b[Pod] => ns-a/a[Pod] : All Connections\n');
    expect(r.err).toBe(
      `${extra}:1: error NP-ADMIN-POLICY: baseline admin network policy "default": in rule "odd": ` +
        'exactly one field must be set in a rule peer\n',
    );
  });
});
