/**
 * `netpolish connectivity` through main(): exact connlist output on the netpol-analyzer cases
 * (tests/fixtures/netpol-cases, see its SOURCES.md), --policies, JSON, folders with files that
 * are not manifests, gzip input, the ipBlock switch, and bad arguments.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const CASES = join(import.meta.dirname, '../../fixtures/netpol-cases');
const input = (c: string, f = ''): string => join(CASES, 'tests', c, f);
const expected = (c: string): string =>
  readFileSync(join(CASES, 'test_outputs/connlist', `${c}_connlist_output.txt`), 'utf8');

const cli = (...argv: string[]) => runCli('connectivity', ...argv);

const tmp = mkdtempSync(join(tmpdir(), 'netpolish-connectivity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('netpolish connectivity', () => {
  it('prints the connlist of a case folder exactly as netpol-analyzer', async () => {
    const r = await cli('--metadata', input('minimal_test_in_ns'), '--output', 'txt');
    expect(r).toEqual({ code: 0, out: expected('minimal_test_in_ns'), err: '' });
  });

  it.each([
    'example_pods_w_same_owner_and_labels_gap_with_good_match_expression',
    'example_pods_w_same_owner_and_labels_gap_with_policy_selector_not_in_gap',
  ])('groups pods under a controller ownerReference without kind as [Pod] (%s)', async (c) => {
    // pod-1 and pod-2 name `internal-security` as controller but no kind (invalid in the API).
    const warning = (line: number, pod: string): string =>
      `${input(c, 'pods.yaml')}:${line}: warning NP-META-OBJECT: Pod ${pod}: controller ` +
      `ownerReference 'internal-security' has no kind; the pod is grouped under 'internal-security' as a Pod\n`;
    const r = await cli('--metadata', input(c));
    expect(r).toEqual({
      code: 0,
      out: expected(c),
      err: warning(7, 'pod-1') + warning(24, 'pod-2'),
    });
    expect(r.out.split('\n')[0]).toBe(
      'default/internal-security[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
    );
  });

  it('reproduces the ipBlock partition of ipblockstest_2 (470 lines)', async () => {
    const r = await cli('--metadata', input('ipblockstest_2'));
    expect(r.code).toBe(0);
    expect(r.out).toBe(expected('ipblockstest_2'));
  });

  it('adds --policies files to the metadata', async () => {
    const c = 'semanticDiff-same-topologies-old2';
    const meta = [input(c, 'bank_ns_list.json'), input(c, 'bank_pod_list.json')];
    const without = await cli('--metadata', ...meta);
    // 3 DaemonSets, no policy: 6 workload pairs + 3 from and 3 to the whole address space.
    expect(without.out.split('\n').filter((l) => l.endsWith(': All Connections'))).toHaveLength(12);
    const withPolicies = await cli('--metadata', ...meta, '--policies', input(c, 'old2.yaml'));
    expect(withPolicies.code).toBe(0);
    expect(withPolicies.out).toBe(expected(c));
    expect(withPolicies.out).toContain(
      'demo/cog-agents-bank-ui[DaemonSet] => demo/cog-agents-account-command[DaemonSet] : SCTP 7070,TCP 8080-8081,UDP 9090\n',
    );
  });

  it('prints JSON rows {src, dst, conn} in the same order', async () => {
    const r = await cli('--metadata', input('netpol_named_port_test'), '--output=json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      {
        src: '0.0.0.0-255.255.255.255[External]',
        dst: 'helloworld/new-pod[Deployment]',
        conn: 'All Connections',
      },
      {
        src: 'helloworld/new-pod[Deployment]',
        dst: '0.0.0.0-255.255.255.255[External]',
        conn: 'All Connections',
      },
    ]);
    expect(r.out.endsWith(']\n')).toBe(true);
  });

  it('skips files that are not manifests with a diagnostic, and reads gzip', async () => {
    const dir = mkdtempSync(join(tmp, 'mixed-'));
    const c = 'onlineboutique_workloads';
    copyFileSync(input(c, 'ns.yaml'), join(dir, 'ns.yaml'));
    copyFileSync(input(c, 'netpols.yaml'), join(dir, 'netpols.yaml'));
    writeFileSync(
      join(dir, 'manifests.yaml.gz'),
      gzipSync(readFileSync(input(c, 'kubernetes-manifests.yaml'))),
    );
    writeFileSync(join(dir, 'NOTES.txt'), 'captured on tuesday\nnothing to see here\n');
    const r = await cli('--metadata', dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(expected(c));
    expect(r.err).toContain('NOTES.txt: warning NP-META-NOT-MANIFEST');
  });

  it('reports a corrupt gzip file and goes on with the others', async () => {
    const dir = mkdtempSync(join(tmp, 'gz-'));
    copyFileSync(
      input('minimal_test_in_ns', 'namespace_and_deployments.yaml'),
      join(dir, 'a.yaml'),
    );
    copyFileSync(input('minimal_test_in_ns', 'netpol.yaml'), join(dir, 'b.yaml'));
    writeFileSync(join(dir, 'c.yaml.gz'), gzipSync('kind: Pod\n').subarray(0, 12));
    const r = await cli('--metadata', dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(expected('minimal_test_in_ns'));
    expect(r.err).toMatch(/c\.yaml\.gz: error NP-GZIP-TRUNCATED/);
  });

  it('lets ipBlocks match pod IPs only with --ipblock-matches-pods', async () => {
    const dir = mkdtempSync(join(tmp, 'ipb-'));
    const pod = (name: string, ip: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\n` +
      `spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n` +
      `status: {hostIP: 192.168.1.5, podIP: ${ip}, podIPs: [{ip: ${ip}}]}\n`;
    const policy =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-from-cidr, namespace: shop}\n' +
      'spec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n' +
      '  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]\n    ports: [{port: 8080}]\n';
    writeFileSync(
      join(dir, 'pods.yaml'),
      [pod('api', '10.1.2.3'), pod('web', '10.1.7.7')].join('---\n'),
    );
    writeFileSync(join(dir, 'policy.yaml'), policy);
    const line = 'shop/web[Pod] => shop/api[Pod] : TCP 8080\n';
    const off = await cli('--metadata', dir);
    const on = await cli('--metadata', dir, '--ipblock-matches-pods');
    expect(off.out).not.toContain('shop/web[Pod] => shop/api[Pod]');
    expect(on.out).toContain(line);
    expect(on.out).toContain('10.1.0.0-10.1.255.255[External] => shop/api[Pod] : TCP 8080\n');
  });

  it('prints its usage for --help', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: netpolish connectivity --metadata/);
    expect(r.err).toBe('');
  });

  it.each([
    [[], /--metadata <file\|dir> is required/],
    [
      ['--metadata', input('minimal_test_in_ns'), '--output', 'xml'],
      /--output must be txt or json, not 'xml'/,
    ],
    [['--metadata', input('minimal_test_in_ns'), '--verbose'], /unknown option '--verbose'/],
    [['--metadata'], /--metadata needs a value/],
    [
      ['--metadata', join(tmp, 'missing.yaml')],
      /cannot read '.*missing\.yaml': no such file or folder/,
    ],
    [['stray', '--metadata', input('minimal_test_in_ns')], /unexpected argument 'stray'/],
  ])('exits 1 on bad arguments %j', async (args, message) => {
    const r = await cli(...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });
});
