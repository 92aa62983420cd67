/**
 * `netpolish generate` through main(): one workload and a whole namespace from real captures
 * (Inspektor Gadget events, Hubble jsonpb), --allow-dns from the dump's DNS Service, --exclude,
 * --include-ip with --alias, general rules, and the usage errors (exit 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { NetworkPolicy } from '../../../src/lib/engine/model/k8s';
import { validatePolicy } from '../../../src/lib/engine/policy/validate';

const FIX = join(import.meta.dirname, '../../fixtures/policy');
const IG = join(FIX, 'cli-ig-connect-to-svc');
const BOOK = join(FIX, 'cli-hubble-bookinfo');
const DNS = join(import.meta.dirname, '../../fixtures/analyze/pcap-dns-names');
const IG_NS = 'test-networkpolicy-8485776873410829123';
const igArgs = [
  '--metadata',
  join(IG, 'minikube.yaml'),
  '--flows',
  join(IG, 'advisor-testdata_connect-to-svc.input'),
  '--namespace',
  IG_NS,
];
const bookArgs = [
  '--metadata',
  join(BOOK, 'cluster.json'),
  join(BOOK, 'bookinfo.json'),
  '--flows',
  join(BOOK, 'hubble-otel_basic-sample-400-tcp-flows.json'),
  '--namespace',
  'bookinfo',
  '--entity',
  'deployment',
];

async function cli(
  ...argv: string[]
): Promise<{ code: number; out: string; err: string; docs: NetworkPolicy[] }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(['generate', ...argv], io);
  const docs = code === 0 && out.startsWith('apiVersion') ? (loadAll(out) as NetworkPolicy[]) : [];
  for (const d of docs) expect(validatePolicy(d).errors).toEqual([]);
  return { code, out, err, docs };
}

const DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

describe('netpolish generate', () => {
  it('prints the policy of one workload: observed DNS, the API server as its node on 8443', async () => {
    const r = await cli(...igArgs, '--name', 'test-pod');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: test-pod-pod',
        `  namespace: ${IG_NS}`,
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        '      run: test-pod',
        '  policyTypes:',
        '  - Ingress',
        '  - Egress',
        '  egress:',
        '  - to:',
        '    - ipBlock:',
        '        cidr: 192.168.49.2/32',
        '    ports:',
        '    - port: 8443',
        '      protocol: TCP',
        '  - to:',
        '    - namespaceSelector:',
        '        matchLabels:',
        '          kubernetes.io/metadata.name: kube-system',
        '      podSelector:',
        '        matchLabels:',
        '          k8s-app: kube-dns',
        '    ports:',
        '    - port: 53',
        '      protocol: UDP',
        '',
      ].join('\n'),
    );
    expect(r.err).toContain('warning NP-POLICY-HOST-NETWORK-PEER Pod');
  });

  it('--allow-dns opens TCP too; --exclude drops a row; without --name: a default-deny first', async () => {
    const r = await cli(
      ...igArgs,
      '--allow-dns',
      '--exclude',
      'egress:192.168.49.0/24:8443/TCP',
      '--exclude',
      'ingress:10.0.0.1:80/TCP',
    );
    expect(r.code).toBe(0);
    expect(r.docs.map((d) => d.metadata.name)).toEqual(['default-deny', 'test-pod-pod']);
    expect(r.docs[0]?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(r.docs[1]?.spec.egress).toEqual([
      {
        to: [DNS_PEER],
        ports: [
          { port: 53, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
    ]);
    expect(r.err).toContain("--exclude 'ingress:10.0.0.1:80/TCP' matches no communication");
  });

  it('leaves IP peers out unless included; --include-ip writes a CIDR as given, an aliased IP as its alias', async () => {
    const plain = await cli(...bookArgs, '--name', 'productpage-v1');
    expect(plain.docs[0]?.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { app: 'ratings', version: 'v1' } } }],
        ports: [{ port: 9080, protocol: 'TCP' }],
      },
    ]);
    const cidr = await cli(
      ...bookArgs,
      '--name',
      'productpage-v1',
      '--include-ip',
      '10.244.0.0/16',
    );
    expect(cidr.docs[0]?.spec.ingress?.[0]?.from).toContainEqual({
      ipBlock: { cidr: '10.244.0.0/16' },
    });
    const aliased = await cli(
      ...bookArgs,
      '--name',
      'reviews-v2',
      '--include-ip',
      '10.244.0.148',
      '--alias',
      '10.244.0.128/25=node-a-hosts',
    );
    expect(aliased.docs[0]?.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { app: 'productpage', version: 'v1' } } },
          { ipBlock: { cidr: '10.244.0.128/25' } },
        ],
        ports: [{ port: 9080, protocol: 'TCP' }],
      },
    ]);
    const single = await cli(...bookArgs, '--name', 'reviews-v2', '--include-ip', '10.244.0.148');
    expect(single.docs[0]?.spec.ingress?.[0]?.from).toContainEqual({
      ipBlock: { cidr: '10.244.0.148/32' },
    });
    expect(single.err).toContain('NP-POLICY-UNRESOLVED-IP');
  });

  it('applies the general rules per direction', async () => {
    const r = await cli(
      ...bookArgs,
      '--name',
      'ratings-v1',
      '--ingress-default',
      'namespace',
      '--egress-default',
      'all',
    );
    expect(r.docs[0]?.spec.ingress?.[0]).toEqual({ from: [{ podSelector: {} }] });
    expect(r.docs[0]?.spec.egress).toEqual([{}]);
  });

  it('exits 1 with a clear message on unusable arguments', async () => {
    const cases: [string[], string][] = [
      [igArgs.slice(0, 4), '--namespace is required'],
      [[...igArgs, '--name', 'nope'], `no workload ${IG_NS}/nope in the metadata or the flows`],
      [
        [...igArgs, '--name', 'test-pod', '--entity', 'deployment'],
        `no Deployment ${IG_NS}/test-pod`,
      ],
      [
        [...igArgs, '--exclude', 'sideways:1.2.3.4:80/TCP'],
        'is not <ingress|egress>:<peer>:<port>/<proto>',
      ],
      [
        [...igArgs, '--exclude', 'egress:cart:80/TCP'],
        'the peer is neither kind/namespace/name nor an IP or CIDR',
      ],
      [
        [...igArgs, '--ingress-default', 'allow'],
        '--ingress-default must be one of block, namespace, all',
      ],
      [[...igArgs, '--include-ip', '10.0.0.300'], "--include-ip '10.0.0.300' is not an IP or CIDR"],
      [[...igArgs, '--entity', 'pod'], '--entity must be one of'],
      [
        [
          '--metadata',
          join(IG, 'minikube.yaml'),
          '--flows',
          join(IG, 'missing.input'),
          '--namespace',
          'x',
        ],
        'cannot read',
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect({ code: r.code, out: r.out }).toEqual({ code: 1, out: '' });
      expect(r.err).toContain(message);
    }
  });

  it('exits 1 on names that match nothing (with the near matches) or several workloads', async () => {
    const demo = [
      '--metadata',
      join(BOOK, 'cluster.json'),
      join(BOOK, 'bookinfo.json'),
      '--flows',
      join(BOOK, 'hubble-otel_basic-sample-400-tcp-flows.json'),
    ];
    const cases: [string[], string][] = [
      [
        [...demo, '--namespace', 'nosuch'],
        "no namespace 'nosuch' in the metadata or the flows; known: bookinfo, jaeger, kube-system",
      ],
      [
        [...demo, '--namespace', 'bookinf'],
        "no namespace 'bookinf' in the metadata or the flows; near matches: bookinfo",
      ],
      [
        [...demo, '--namespace', 'bookinfo', '--name', 'productpage'],
        "'bookinfo/productpage' could be any of: Service bookinfo/productpage, Deployment bookinfo/productpage-v1; say which with --entity",
      ],
      [
        [...demo, '--namespace', 'bookinfo', '--name', 'reviews-v4'],
        'no workload bookinfo/reviews-v4 in the metadata or the flows; near matches: reviews, reviews-v1, reviews-v2, reviews-v3',
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect({ code: r.code, out: r.out }).toEqual({ code: 1, out: '' });
      expect(r.err).toContain(message);
    }
    const service = await cli(
      ...demo,
      '--namespace',
      'bookinfo',
      '--name',
      'productpage',
      '--entity',
      'service',
    );
    expect(service.code).toBe(0);
    expect(service.docs.map((d) => d.metadata.name)).toEqual(['productpage-service']);
  });

  it('writes an included IP the capture named as an ipBlock /32 with its names in an annotation', async () => {
    // The pcap's DNS responses name 208.80.152.2 and .3; .118 has no answer; the /28 alias
    // chose a range, so .2 through it carries no names (they describe one address, not a range).
    const flows = ['zeek-traces_wikipedia.pcap', 'dns-from-field-list.log'].map((f) =>
      join(DNS, f),
    );
    const base = ['--metadata', join(DNS, 'cluster.json'), '--flows', ...flows];
    const r = await cli(
      ...base,
      '--namespace',
      'web',
      '--name',
      'browser',
      ...['208.80.152.2', '208.80.152.3', '208.80.152.118'].flatMap((ip) => ['--include-ip', ip]),
    );
    expect(r.code).toBe(0);
    const golden = join(DNS, 'expected-policy.yaml');
    if (process.env['UPDATE_GOLDEN']) writeFileSync(golden, r.out);
    expect(r.out).toBe(readFileSync(golden, 'utf8'));
    expect(r.docs[0]!.metadata.annotations).toEqual({
      'netpolish.io/dns-names':
        '208.80.152.2/32 meta.wikimedia.org\n208.80.152.3/32 upload.wikimedia.org',
    });
    const ranged = await cli(
      ...base,
      '--namespace',
      'web',
      '--name',
      'browser',
      '--include-ip',
      '208.80.152.0/28',
    );
    expect(ranged.code).toBe(0);
    expect(ranged.docs[0]!.metadata.annotations).toBeUndefined();
    // --alias-by-name: the named IP is written as its alias (its /32, named after the FQDN).
    const byName = await cli(
      ...base,
      '--namespace',
      'web',
      '--name',
      'browser',
      '--alias-by-name',
      'Upload.Wikimedia.org.',
      '--include-ip',
      '208.80.152.3',
    );
    expect(byName.code).toBe(0);
    expect(byName.err).not.toContain('208.80.152.3 is included without an alias');
    expect(byName.out).toContain('208.80.152.3/32 upload.wikimedia.org');
    // The same names reach the other dialects: Cilium matches the name, Calico annotates the rule.
    const named = [
      ...base,
      '--namespace',
      'web',
      '--name',
      'browser',
      '--include-ip',
      '208.80.152.3',
    ];
    const dialect = async (d: string) => {
      let out = '';
      const io: CliIo = { out: (t) => void (out += t), err: () => undefined };
      expect(await main(['generate', ...named, '--dialect', d], io)).toBe(0);
      return out;
    };
    expect(await dialect('cilium')).toContain('matchName: upload.wikimedia.org');
    expect(await dialect('calico')).toContain('netpolish.io/dns-names: upload.wikimedia.org');
    const unknown = await cli(...base, '--namespace', 'web', '--alias-by-name', 'nope.example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      "--alias-by-name 'nope.example.com': no IP peer in scope has this name; names: meta.wikimedia.org, upload.wikimedia.org",
    );
  });

  it('prints its usage with --help', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: netpolish generate');
  });
});
