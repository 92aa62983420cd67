import { describe, expect, it } from 'vitest';
import type { Communication, WorkloadRef } from '../../../../src/lib/engine/model/communication';
import type { EntityType, Inventory } from '../../../../src/lib/engine/model/k8s';
import {
  type Decisions,
  addIncludedIp,
  addManualRule,
  defaultDecisions,
  exclude,
  include,
  setAllowDns,
  setGeneral,
} from '../../../../src/lib/engine/policy/decisions';
import { type IpAlias, generatePolicy, toYaml } from '../../../../src/lib/engine/policy/generate';
import { validatePolicy } from '../../../../src/lib/engine/policy/validate';
import * as b from './builders';

const fe = b.ref('Deployment', 'shop', 'frontend');
const cart = b.ref('Deployment', 'shop', 'cart');
const report = b.ref('CronJob', 'batch', 'report');
const coredns = b.ref('Deployment', 'kube-system', 'coredns');

const baseInventory = (): Inventory =>
  b.inventory({
    workloads: [
      b.workload(
        'Deployment',
        'shop',
        'frontend',
        { app: 'frontend', tier: 'web' },
        { app: 'frontend' },
      ),
      b.workload('Deployment', 'shop', 'cart', { app: 'cart' }),
      b.workload('Deployment', 'kube-system', 'coredns', { 'k8s-app': 'kube-dns' }),
    ],
    namespaces: b.namespaces('shop', 'kube-system'),
  });

function gen(
  comms: Communication[],
  opts: {
    d?: (d: Decisions) => Decisions;
    inv?: Inventory;
    w?: WorkloadRef;
    entityType?: EntityType;
    aliases?: IpAlias[];
    ignoreLabels?: string[];
  } = {},
) {
  const w = opts.w ?? fe;
  const decisions = (opts.d ?? ((d) => d))(defaultDecisions(w));
  const r = generatePolicy({
    workload: w,
    entityType: opts.entityType ?? 'Deployment',
    inventory: opts.inv ?? baseInventory(),
    communications: comms,
    decisions,
    aliases: opts.aliases,
    ignoreLabels: opts.ignoreLabels,
  });
  expect(validatePolicy(r.policy)).toEqual({ valid: true, errors: [] });
  return { ...r, codes: r.warnings.map((x) => x.code) };
}

describe('podSelector', () => {
  it("is the owner's spec.selector, not its template labels", () => {
    const { policy } = gen([]);
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'frontend' } });
    expect(policy.metadata).toEqual({ name: 'frontend-deployment', namespace: 'shop' });
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('never holds volatile or user-ignored labels', () => {
    const inv = baseInventory();
    inv.workloads[0]!.selector = {
      matchLabels: { app: 'frontend', 'pod-template-hash': '5d8f', team: 'a' },
      matchExpressions: [{ key: 'controller-revision-hash', operator: 'Exists' }],
    };
    const { policy } = gen([], { inv, ignoreLabels: ['team'] });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'frontend' } });
  });

  it("selects a CronJob's pods through its job template, never one Job's uid or name", () => {
    const inv = baseInventory();
    inv.workloads.push(
      b.workload(
        'CronJob',
        'batch',
        'report',
        {
          app: 'report',
          'controller-uid': 'u-1',
          'job-name': 'report-28000',
          'batch.kubernetes.io/job-name': 'report-28000',
        },
        null,
      ),
    );
    const { policy } = gen([], { inv, w: report, entityType: 'CronJob' });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'report' } });
    expect(policy.metadata.name).toBe('report-cronjob');
  });

  it("selects a Job's pods by its template labels and its own job-name, never its uid", () => {
    const job = b.ref('Job', 'batch', 'migrate');
    const labels = {
      app: 'migrate',
      'controller-uid': 'u-9',
      'job-name': 'migrate',
      'batch.kubernetes.io/job-name': 'migrate',
    };
    const inv = b.inventory({
      workloads: [
        b.workload('Job', 'batch', 'migrate', { app: 'migrate' }, { 'controller-uid': 'u-9' }),
      ],
      pods: [b.pod(job, 'migrate-x1', labels)],
    });
    expect(gen([], { inv, w: job, entityType: 'Job' }).policy.spec.podSelector).toEqual({
      matchLabels: {
        app: 'migrate',
        'batch.kubernetes.io/job-name': 'migrate',
        'job-name': 'migrate',
      },
    });
  });

  it("uses a Service's selector for entity type Service", () => {
    const inv = baseInventory();
    inv.services.push(
      b.service('shop', 'web', { app: 'frontend' }, [
        { port: 80, targetPort: 8080, protocol: 'TCP' },
      ]),
    );
    const { policy } = gen([], { inv, w: b.ref('Service', 'shop', 'web'), entityType: 'Service' });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'frontend' } });
    expect(policy.metadata.name).toBe('web-service');
  });

  it('falls back to the labels all pods share for a workload synthesised without selector', () => {
    const rs = b.ref('ReplicaSet', 'shop', 'legacy');
    const inv = b.inventory({
      pods: [
        b.pod(rs, 'legacy-a', { app: 'legacy', 'pod-template-hash': 'h1', shard: '1' }),
        b.pod(rs, 'legacy-b', { app: 'legacy', 'pod-template-hash': 'h1', shard: '2' }),
      ],
    });
    expect(gen([], { inv, w: rs }).policy.spec.podSelector).toEqual({
      matchLabels: { app: 'legacy' },
    });
  });

  it('selects nothing, with a warning, when no labels are known', () => {
    const ghost = b.ref('Deployment', 'shop', 'ghost');
    const { policy, codes } = gen([], { w: ghost });
    expect(codes).toEqual(['NP-POLICY-SELECTOR-UNKNOWN']);
    expect(policy.spec.podSelector.matchExpressions).toEqual([
      { key: 'netpolish.io/selector-unknown', operator: 'Exists' },
    ]);
  });

  it("warns when the selector also matches another workload's pods", () => {
    const inv = baseInventory();
    const admin = b.ref('Deployment', 'shop', 'admin');
    inv.pods.push(
      b.pod(fe, 'frontend-1', { app: 'frontend' }),
      b.pod(admin, 'admin-1', { app: 'frontend', role: 'admin' }),
    );
    const { warnings } = gen([], { inv });
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      [
        'NP-POLICY-SELECTOR-OVERLAP',
        'Deployment shop/frontend: its spec.selector also selects pods of Deployment admin',
      ],
    ]);
  });
});

describe('peers', () => {
  it('selects a same-namespace workload by podSelector, another namespace by namespace AND pod in one peer', () => {
    const inv = baseInventory();
    inv.workloads.push(
      b.workload('CronJob', 'batch', 'report', { app: 'report', 'job-name': 'report-1' }, null),
    );
    inv.namespaces.push({ name: 'batch', labels: { 'kubernetes.io/metadata.name': 'batch' } });
    const { policy, codes } = gen(
      [b.comm(fe, 'ingress', b.wPeer(cart), 8080), b.comm(fe, 'ingress', b.wPeer(report), 8080)],
      { inv },
    );
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { app: 'cart' } } },
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'batch' } },
            podSelector: { matchLabels: { app: 'report' } },
          },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(codes).toEqual([]);
  });

  it('warns about a peer namespace known only through its objects, and leaves out unknown workloads', () => {
    const inv = baseInventory();
    inv.workloads.push(b.workload('Deployment', 'ops', 'probe', { app: 'probe' }));
    inv.namespaces.push({
      name: 'ops',
      labels: { 'kubernetes.io/metadata.name': 'ops' },
      synthesized: true,
    });
    const { policy, codes } = gen(
      [
        b.comm(fe, 'ingress', b.wPeer(b.ref('Deployment', 'ops', 'probe')), 8080),
        b.comm(fe, 'ingress', b.wPeer(b.ref('Deployment', 'ops', 'gone')), 8080),
      ],
      { inv },
    );
    expect(codes).toEqual(['NP-POLICY-NAMESPACE-UNLABELLED', 'NP-POLICY-PEER-UNKNOWN']);
    expect(policy.spec.ingress?.[0]?.from).toHaveLength(1);
  });

  it('writes an included IP as the alias CIDR, an included CIDR as itself, else /32 or /128', () => {
    const aliases = [
      { cidr: '198.51.100.0/24', name: 'partner' },
      { cidr: '198.51.100.128/25', name: 'partner-eu' },
    ];
    const comms = [
      b.comm(fe, 'egress', b.ipPeer('198.51.100.200', 'partner-eu'), 443),
      b.comm(fe, 'egress', b.ipPeer('198.51.100.7', 'partner'), 443),
      b.comm(fe, 'egress', b.ipPeer('203.0.113.7'), 443),
      b.comm(fe, 'egress', b.ipPeer('192.0.2.55'), 443),
      b.comm(fe, 'egress', b.ipPeer('2001:db8::7'), 443),
    ];
    const d = (x: Decisions) =>
      [
        ...comms.slice(0, 2).map((c) => include(c.key)),
        addIncludedIp('203.0.113.0/24'),
        addIncludedIp('192.0.2.55'),
        addIncludedIp('2001:db8::7'),
      ].reduce((acc, f) => f(acc), x);
    const { policy, codes } = gen(comms, { d, aliases });
    expect(policy.spec.egress?.[0]?.to?.map((p) => p.ipBlock?.cidr)).toEqual([
      '192.0.2.55/32',
      '198.51.100.0/24',
      '198.51.100.128/25',
      '203.0.113.0/24',
      '2001:db8::7/128',
    ]);
    expect(codes).toEqual(['NP-POLICY-UNRESOLVED-IP', 'NP-POLICY-UNRESOLVED-IP']);
  });

  it('leaves unresolved IPs out by default', () => {
    const { policy } = gen([b.comm(fe, 'egress', b.ipPeer('203.0.113.7', 'partner'), 443)], {
      aliases: [{ cidr: '203.0.113.0/24', name: 'partner' }],
    });
    expect(policy.spec.egress).toBeUndefined();
  });

  it('allows a node by its IP with a warning', () => {
    const { policy, codes } = gen([b.comm(fe, 'ingress', b.nodePeer('node-1', '10.0.0.11'), 8080)]);
    expect(policy.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.11/32' } }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
    expect(codes).toEqual(['NP-POLICY-HOST-NETWORK-PEER']);
  });

  it('warns about a host-network workload peer', () => {
    const inv = baseInventory();
    const agent = b.ref('DaemonSet', 'shop', 'agent');
    inv.workloads.push(b.workload('DaemonSet', 'shop', 'agent', { app: 'agent' }));
    inv.pods.push(b.pod(agent, 'agent-x', { app: 'agent' }, { hostNetwork: true }));
    expect(gen([b.comm(fe, 'ingress', b.wPeer(agent), 8080)], { inv }).codes).toEqual([
      'NP-POLICY-HOST-NETWORK-PEER',
    ]);
  });

  it('leaves out what a NetworkPolicy cannot express', () => {
    const { policy, codes } = gen([
      b.comm(fe, 'egress', b.wPeer(cart), 0, 'ICMP'),
      b.comm(fe, 'egress', b.wPeer(cart), 0, 'TCP'),
      b.comm(fe, 'egress', b.wPeer(cart), 7070, 'sctp'),
    ]);
    expect(codes).toEqual(['NP-POLICY-NOT-EXPRESSIBLE', 'NP-POLICY-NOT-EXPRESSIBLE']);
    expect(policy.spec.egress?.[0]?.ports).toEqual([{ port: 7070, protocol: 'SCTP' }]);
  });

  it("names the row a port warning is about, and replays each row's own warnings", () => {
    const inv = baseInventory();
    const comms = [
      b.comm(fe, 'egress', b.wPeer(cart), 0, 'ICMP'),
      b.comm(fe, 'egress', b.ipPeer('203.0.113.7'), 70000),
      b.comm(fe, 'egress', b.ipPeer('203.0.113.8'), 443),
      b.comm(fe, 'egress', b.ipPeer('203.0.113.9'), 443),
    ];
    const all = (x: Decisions) => comms.reduce((acc, c) => include(c.key)(acc), x);
    const messages = [
      'egress Deployment shop/cart 0/ICMP: protocol ICMP cannot be expressed in a NetworkPolicy; left out',
      'egress 203.0.113.7 70000/TCP: port 70000 is outside 1–65535; left out',
      '203.0.113.8 is included without an alias and allowed as 203.0.113.8/32',
      '203.0.113.9 is included without an alias and allowed as 203.0.113.9/32',
    ];
    expect(gen(comms, { inv, d: all }).warnings.map((w) => w.message)).toEqual(messages);
    // The same rows in the same context are not translated again: their warnings are replayed,
    // each row's its own — here without the first row, excluded.
    const fewer = gen(comms, { inv, d: (x) => exclude(comms[0]!.key)(all(x)) });
    expect(fewer.warnings.map((w) => w.message)).toEqual(messages.slice(1));
  });
});

describe('ports and merging', () => {
  it('gives one rule per peer with all its ports, and one rule to peers with the same ports', () => {
    const web = b.ref('Deployment', 'shop', 'web');
    const inv = baseInventory();
    inv.workloads.push(b.workload('Deployment', 'shop', 'web', { app: 'web' }));
    const { policy } = gen(
      [
        b.comm(fe, 'egress', b.wPeer(web), 9090),
        b.comm(fe, 'egress', b.wPeer(cart), 7070),
        b.comm(fe, 'egress', b.wPeer(web), 7070),
        b.comm(fe, 'egress', b.wPeer(cart), 9090),
        b.comm(fe, 'egress', b.wPeer(cart), 53, 'UDP'),
        b.comm(fe, 'egress', b.wPeer(web), 53, 'UDP'),
        b.comm(fe, 'egress', b.wPeer(coredns), 53, 'UDP'),
      ],
      { inv },
    );
    expect(policy.spec.egress).toEqual([
      {
        to: [
          { podSelector: { matchLabels: { app: 'cart' } } },
          { podSelector: { matchLabels: { app: 'web' } } },
        ],
        ports: [
          { port: 7070, protocol: 'TCP' },
          { port: 9090, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [{ port: 53, protocol: 'UDP' }],
      },
    ]);
  });

  it('is deterministic: input order never shows in the YAML', () => {
    const comms = [
      b.comm(fe, 'egress', b.wPeer(cart), 7070),
      b.comm(fe, 'ingress', b.nodePeer('n', '10.0.0.1'), 8080),
      b.comm(fe, 'egress', b.wPeer(coredns), 53, 'UDP'),
      b.comm(fe, 'ingress', b.wPeer(cart), 8080),
    ];
    const yaml = toYaml([gen(comms).policy]);
    expect(toYaml([gen([...comms].reverse()).policy])).toBe(yaml);
  });
});

describe('general rules, manual rules and DNS', () => {
  const comms = [
    b.comm(fe, 'ingress', b.wPeer(cart), 8080),
    b.comm(fe, 'egress', b.wPeer(cart), 7070),
  ];

  it("'block' keeps only included rows; nothing included means no rules at all (deny)", () => {
    const { policy } = gen(comms, { d: (d) => exclude(comms[0]!.key)(exclude(comms[1]!.key)(d)) });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it("'namespace' adds a podSelector: {} peer on all ports; 'all' is one empty rule", () => {
    const { policy } = gen(comms, {
      d: (d) => setGeneral('egress', 'all')(setGeneral('ingress', 'namespace')(d)),
    });
    expect(policy.spec.ingress).toEqual([
      { from: [{ podSelector: {} }] },
      {
        from: [{ podSelector: { matchLabels: { app: 'cart' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(policy.spec.egress).toEqual([{}]);
  });

  it('adds manual rules as ipBlocks, canonical, with or without a port', () => {
    const d = (x: Decisions) =>
      addManualRule({ direction: 'ingress', cidr: '10.20.30.40/16', protocol: 'udp' })(
        addManualRule({ direction: 'egress', cidr: '192.0.2.10', port: 3128, protocol: 'TCP' })(x),
      );
    const { policy } = gen([], { d });
    expect(policy.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'UDP' }] },
    ]);
    expect(policy.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '192.0.2.10/32' } }], ports: [{ port: 3128, protocol: 'TCP' }] },
    ]);
  });

  it("allows DNS to the pods of the dump's DNS Service on their real ports, UDP and TCP", () => {
    const inv = baseInventory();
    inv.services.push(
      b.service(
        'kube-system',
        'kube-dns',
        { 'k8s-app': 'kube-dns' },
        [
          { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, targetPort: 'dns-tcp', protocol: 'TCP' },
          { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
        ],
        { 'k8s-app': 'kube-dns' },
      ),
    );
    inv.pods.push(
      b.pod(
        coredns,
        'coredns-1',
        { 'k8s-app': 'kube-dns' },
        {
          ports: [
            { name: 'dns', containerPort: 1053, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 1053, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
          ],
        },
      ),
    );
    const { policy, codes } = gen([], { inv, d: setAllowDns(true) });
    expect(codes).toEqual([]);
    expect(policy.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { port: 1053, protocol: 'TCP' },
          { port: 1053, protocol: 'UDP' },
        ],
      },
    ]);
  });

  it('warns and adds nothing when the dump has no DNS Service', () => {
    const { policy, codes } = gen([], { d: setAllowDns(true) });
    expect(codes).toEqual(['NP-POLICY-DNS-NOT-FOUND']);
    expect(policy.spec.egress).toBeUndefined();
  });
});

describe('names', () => {
  it('keeps valid names, hashes changed or long ones, and always fits DNS-1123', () => {
    const long = b.ref('Deployment', 'shop', 'x'.repeat(260));
    const upper = b.ref('StatefulSet', 'shop', 'My_DB');
    const n1 = gen([], { w: long }).policy.metadata.name;
    const n2 = gen([], { w: upper }).policy.metadata.name;
    expect(n1).toHaveLength(253);
    expect(n1).toMatch(/^x+-[0-9a-f]{8}$/);
    expect(n2).toMatch(/^my-db-statefulset-[0-9a-f]{8}$/);
    expect(gen([], { w: upper }).policy.metadata.name).toBe(n2);
  });
});
