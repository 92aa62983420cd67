import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';

const DIR = relative(process.cwd(), join(__dirname, '../../fixtures/analyze/ig-connect-to-svc'));
const META = join(DIR, 'minikube.yaml');
const FLOWS = join(DIR, 'advisor-testdata_connect-to-svc.input');
const CONNTRACK = relative(process.cwd(), join(__dirname, '../../fixtures/analyze/conntrack-aks'));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['analyze', ...argv], {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('netpolish analyze --json', () => {
  it('prints exactly the documented shape', async () => {
    const r = await run('--metadata', META, '--flows', FLOWS, '--entity', 'deployment', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({
      communications: [
        {
          direction: 'ingress',
          workload: { kind: 'Deployment', namespace: 'kube-system', name: 'coredns' },
          peer: {
            type: 'workload',
            kind: 'Pod',
            namespace: 'test-networkpolicy-8485776873410829123',
            name: 'test-pod',
          },
          port: 53,
          protocol: 'UDP',
          flows: 1,
          firstSeen: null,
          lastSeen: null,
        },
      ],
      undetermined: [],
      diagnostics: [],
    });
  });

  it('ignores an input with the same content as an earlier one, with a note on stderr', async () => {
    const once = await run('--metadata', META, '--flows', FLOWS, '--json');
    const twice = await run('--metadata', META, '--flows', FLOWS, FLOWS, '--json');
    expect(twice.code).toBe(0);
    expect(JSON.parse(twice.out).communications).toEqual(JSON.parse(once.out).communications);
    expect(JSON.parse(twice.out).diagnostics).toEqual([
      {
        code: 'NP-INPUT-DUPLICATE',
        message: `same content as ${FLOWS}: ignored, its flows are counted once`,
        file: FLOWS,
        line: null,
      },
    ]);
    const table = await run('--metadata', META, '--flows', FLOWS, FLOWS);
    expect(table.err).toContain('info NP-INPUT-DUPLICATE same content as');
    expect(table.out).toContain('2 events: 2 counted, 0 replies, 0 undetermined, 0 unreadable');
  });

  it('prints timestamps as ISO 8601 and IP peers with class and alias', async () => {
    const r = await run(
      '--metadata',
      join(CONNTRACK, 'cluster.json'),
      '--flows',
      join(CONNTRACK, 'vijayrod-demo_aks-conntrack-L.txt'),
      '--alias',
      '172.64.0.0/13=cloudflare',
      '--json',
    );
    const ip = JSON.parse(r.out).communications.find(
      (c: { peer: { type: string } }) => c.peer.type === 'ip',
    );
    expect(ip.peer).toEqual({
      type: 'ip',
      ip: '172.64.154.211',
      class: 'external',
      alias: 'cloudflare',
      why: expect.stringMatching(/^aliased: cloudflare \(172\.64\.0\.0\/13\), else external/),
    });
    // The table lists the IP peers once each, with why they are unresolved.
    const table = await run(
      '--metadata',
      join(CONNTRACK, 'cluster.json'),
      '--flows',
      join(CONNTRACK, 'vijayrod-demo_aks-conntrack-L.txt'),
    );
    expect(table.out).toMatch(
      /Unresolved IPs, and why:\n(.*\n)* {2}172\.64\.154\.211 +external: a public address/,
    );

    const hubble = relative(process.cwd(), join(__dirname, '../../fixtures/analyze/hubble-gke-10'));
    const h = await run(
      '--flows',
      join(hubble, 'hubble-otel_basic-sample-10-flows.json'),
      '--json',
    );
    const [c] = JSON.parse(h.out).communications;
    expect([c.firstSeen, c.lastSeen]).toEqual([
      '2021-06-16T16:52:13.611Z',
      '2021-06-16T16:52:13.611Z',
    ]);
  });

  it('reads --from/--to as UTC unless they carry an offset', async () => {
    const dir = relative(process.cwd(), join(__dirname, '../../fixtures/analyze/hubble-gke-10'));
    const flows = join(dir, 'hubble-otel_basic-sample-10-flows.json');
    const count = async (...args: string[]) =>
      JSON.parse((await run('--flows', flows, ...args, '--json')).out).communications.length;
    // The one initiation is at 2021-06-16T16:52:13.611Z.
    expect(await count('--from', '2021-06-16T16:52:13')).toBe(1);
    expect(await count('--from', '2021-06-16T16:52:14')).toBe(0);
    expect(await count('--from', '2021-06-16T18:52:14+02:00')).toBe(0);
    expect(await count('--to', '2021-06-16T18:52:13.611+02:00')).toBe(1);
    expect(await count('--to', '2021-06-16')).toBe(0);
  });

  it('lists diagnostics with code, message, file and line, and still exits 0', async () => {
    const bad = join(DIR, 'case.json');
    const r = await run('--metadata', META, '--flows', FLOWS, bad, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.communications).toHaveLength(3);
    expect(doc.diagnostics.length).toBeGreaterThan(0);
    for (const d of doc.diagnostics)
      expect(Object.keys(d)).toEqual(['code', 'message', 'file', 'line']);
    expect(doc.diagnostics[0].file).toBe(bad);
  });
});

describe('netpolish analyze: table, help and errors', () => {
  it('prints a readable table without --json', async () => {
    const r = await run('--metadata', META, '--flows', FLOWS);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^WORKLOAD\s+DIRECTION\s+PEER\s+PORT\s+FLOWS\s+FIRST SEEN\s+LAST SEEN$/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Pod test-networkpolicy-8485776873410829123\/test-pod\s+egress\s+node minikube \(192\.168\.49\.2\)\s+8443\/TCP\s+1\s+-\s+-$/,
      ),
    );
    expect(lines.at(-1)).toBe(
      '3 communications; 2 events: 2 counted, 0 replies, 0 undetermined, 0 unreadable',
    );
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: netpolish analyze');
    expect(r.out).toContain('--entity <type>');
  });

  it.each([
    [
      ['--flows', FLOWS, '--entity', 'pod'],
      "--entity must be one of deployment, daemonset, statefulset, cronjob, job, service (got 'pod')",
    ],
    [
      ['--flows', FLOWS, '--from', 'yesterday'],
      "--from 'yesterday' is not an ISO 8601 date or time between 1970 and 9999 (e.g. 2024-02-29T10:00:00Z)",
    ],
    [
      ['--flows', FLOWS, '--from', '2024-02-30'],
      "--from '2024-02-30' is not an ISO 8601 date or time between 1970 and 9999 (e.g. 2024-02-29T10:00:00Z)",
    ],
    [['--flows', FLOWS, '--from', '2024-01-02', '--to', '2024-01-01'], '--from is after --to'],
    [
      ['--flows', FLOWS, '--cluster-cidr', '10.0.0.0/33'],
      "--cluster-cidr '10.0.0.0/33' is not a CIDR",
    ],
    [['--flows', FLOWS, '--alias', '10.0.0.0/8'], '--alias: alias "10.0.0.0/8" is not CIDR=NAME'],
    [['--flows', FLOWS, '--colour'], "unknown option '--colour'"],
    [['--flows', FLOWS, '--entity', 'job', '--entity', 'service'], '--entity given more than once'],
    [['--metadata', META], '--flows is required (a capture file or folder)'],
    [['--flows'], '--flows needs a value'],
  ])('unusable arguments %j exit 1 with a clear message', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`netpolish analyze: ${message}\n`);
  });

  it('a file that does not exist exits 1', async () => {
    const r = await run('--metadata', META, '--flows', join(DIR, 'missing.json'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `netpolish analyze: cannot read '${join(DIR, 'missing.json')}': no such file or folder\n`,
    );
  });

  it('takes folders: every file in them', async () => {
    const r = await run(
      '--metadata',
      join(CONNTRACK, 'cluster.json'),
      '--flows',
      CONNTRACK,
      '--entity',
      'deployment',
      '--json',
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    // The folder also holds the dump and JSON case files: not flows, so they only add diagnostics.
    expect(doc.communications.map((c: { flows: number }) => c.flows)).toEqual([9]);
  });
});
