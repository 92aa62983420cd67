/**
 * The policy IR and the dialect registry: generation says what is allowed in dialect-neutral
 * peers (a node stays a node, the DNS pods stay marked), the k8s emitter spells each peer as a
 * NetworkPolicy does and leaves out what it has no words for. The golden tests hold the k8s
 * output byte for byte; these hold the seam the Cilium and Calico emitters plug into.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultDecisions,
  include,
  setAllowDns,
  setGeneral,
} from '../../../../src/lib/engine/policy/decisions';
import {
  DEFAULT_DIALECT,
  DIALECTS,
  DIALECT_NAMES,
  dialectById,
  emitNetworkPolicy,
} from '../../../../src/lib/engine/policy/dialects/index';
import {
  defaultDenyIr,
  generatePolicy,
  generatePolicyIr,
} from '../../../../src/lib/engine/policy/generate';
import type { PolicyIR } from '../../../../src/lib/engine/policy/ir';
import * as b from './builders';

const fe = b.ref('Deployment', 'shop', 'frontend');
const cart = b.ref('Deployment', 'shop', 'cart');
const probe = b.ref('Deployment', 'ops', 'probe');
const coredns = b.ref('Deployment', 'kube-system', 'coredns');

function inventory() {
  const inv = b.inventory({
    workloads: [
      b.workload('Deployment', 'shop', 'frontend', { app: 'frontend' }),
      b.workload('Deployment', 'shop', 'cart', { app: 'cart' }),
      b.workload('Deployment', 'ops', 'probe', { app: 'probe' }),
      b.workload('Deployment', 'kube-system', 'coredns', { 'k8s-app': 'kube-dns' }),
    ],
    namespaces: b.namespaces('shop', 'ops', 'kube-system'),
  });
  inv.services.push(
    b.service('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
    ]),
  );
  inv.pods.push(b.pod(coredns, 'coredns-1', { 'k8s-app': 'kube-dns' }));
  return inv;
}

const comms = [
  b.comm(fe, 'ingress', b.wPeer(cart), 8080),
  b.comm(fe, 'ingress', b.wPeer(probe), 8080),
  b.comm(fe, 'ingress', b.nodePeer('node-1', '10.0.0.11'), 8080),
  b.comm(fe, 'egress', b.ipPeer('203.0.113.7', null), 443),
];

function input() {
  let d = defaultDecisions(fe);
  for (const c of comms) d = include(c.key)(d);
  d = setGeneral('egress', 'namespace')(setAllowDns(true)(d));
  return {
    workload: fe,
    entityType: 'Deployment' as const,
    inventory: inventory(),
    communications: comms,
    decisions: d,
  };
}

describe('the policy IR', () => {
  it('keeps peers dialect-neutral: pods by namespace, a node as a node, DNS pods marked', () => {
    const { ir } = generatePolicyIr(input());
    expect(ir).toMatchObject({
      name: 'frontend-deployment',
      namespace: 'shop',
      workload: fe,
      subject: { matchLabels: { app: 'frontend' } },
    });
    expect(ir.ingress).toEqual([
      {
        peer: { type: 'pods', namespace: 'shop', selector: { matchLabels: { app: 'cart' } } },
        port: { port: 8080, protocol: 'TCP' },
      },
      {
        peer: { type: 'pods', namespace: 'ops', selector: { matchLabels: { app: 'probe' } } },
        port: { port: 8080, protocol: 'TCP' },
      },
      {
        peer: { type: 'node', name: 'node-1', cidr: '10.0.0.11/32' },
        port: { port: 8080, protocol: 'TCP' },
      },
    ]);
    expect(ir.egress).toEqual([
      {
        peer: { type: 'cidr', cidr: '203.0.113.7/32' },
        port: { port: 443, protocol: 'TCP' },
      },
      {
        peer: {
          type: 'pods',
          namespace: 'kube-system',
          selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          dns: true,
        },
        port: { port: 53, protocol: 'TCP' },
      },
      {
        peer: {
          type: 'pods',
          namespace: 'kube-system',
          selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          dns: true,
        },
        port: { port: 53, protocol: 'UDP' },
      },
      { peer: { type: 'namespace' }, port: null },
    ]);
  });

  it('the "all" general rule is a direction of its own, not a peer', () => {
    const all = { ...input(), decisions: setGeneral('ingress', 'all')(input().decisions) };
    expect(generatePolicyIr(all).ir.ingress).toBe('all');
    expect(generatePolicy(all).policy.spec.ingress).toEqual([{}]);
  });

  it('gives an included single address the names the capture gave it, never a chosen range', () => {
    const named = (ip: string, names: string[], port: number) => {
      const c = b.comm(fe, 'egress', b.ipPeer(ip, null), port);
      return { ...c, peer: { ...c.peer, names } } as typeof c;
    };
    const rows = [
      named('203.0.113.7', ['api.example.com'], 443),
      named('203.0.113.7', ['api.example.com', 'cdn.example.com'], 80),
      named('198.51.100.9', ['other.example.com'], 443),
    ];
    let d = defaultDecisions(fe);
    for (const c of rows) d = include(c.key)(d);
    d = { ...d, includedIps: ['198.51.100.0/24'] };
    const { ir } = generatePolicyIr({ ...input(), communications: rows, decisions: d });
    expect(ir.egress).toEqual([
      {
        peer: { type: 'cidr', cidr: '203.0.113.7/32', names: ['api.example.com'] },
        port: { port: 443, protocol: 'TCP' },
      },
      {
        peer: {
          type: 'cidr',
          cidr: '203.0.113.7/32',
          names: ['api.example.com', 'cdn.example.com'],
        },
        port: { port: 80, protocol: 'TCP' },
      },
      { peer: { type: 'cidr', cidr: '198.51.100.0/24' }, port: { port: 443, protocol: 'TCP' } },
    ]);
    // k8s: the address rule stays; its names, united over its rows, annotate the policy.
    expect(emitNetworkPolicy(ir).policy.metadata.annotations).toEqual({
      'netpolish.io/dns-names': '203.0.113.7/32 api.example.com,cdn.example.com',
    });
  });
});

describe('the k8s emitter', () => {
  it('writes what generatePolicy returns, warnings included', () => {
    const { ir, warnings } = generatePolicyIr(input());
    const k8s = emitNetworkPolicy(ir);
    expect(k8s.warnings).toEqual([]);
    expect(generatePolicy(input())).toEqual({ policy: k8s.policy, warnings });
  });

  it('spells each peer as a NetworkPolicy does', () => {
    const { policy } = emitNetworkPolicy(generatePolicyIr(input()).ir);
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { app: 'cart' } } },
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } },
            podSelector: { matchLabels: { app: 'probe' } },
          },
          { ipBlock: { cidr: '10.0.0.11/32' } },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(policy.spec.egress?.[0]).toEqual({ to: [{ podSelector: {} }] });
  });

  it('leaves out FQDN and entity peers with a warning, and keeps port ranges', () => {
    const ir: PolicyIR = {
      ...defaultDenyIr('shop'),
      name: 'x',
      workload: fe,
      egress: [
        { peer: { type: 'fqdn', name: 'api.example.com' }, port: { protocol: 'TCP', port: 443 } },
        { peer: { type: 'entity', entity: 'kube-apiserver' }, port: null },
        {
          peer: { type: 'cidr', cidr: '192.0.2.0/24' },
          port: { protocol: 'UDP', port: 3000, endPort: 3100 },
        },
      ],
    };
    const { policy, warnings } = emitNetworkPolicy(ir);
    expect(policy.spec.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: '192.0.2.0/24' } }],
        ports: [{ port: 3000, endPort: 3100, protocol: 'UDP' }],
      },
    ]);
    expect(warnings.map((w) => [w.code, w.workload])).toEqual([
      ['NP-POLICY-NOT-EXPRESSIBLE', fe],
      ['NP-POLICY-NOT-EXPRESSIBLE', fe],
    ]);
  });

  it('a default-deny isolates both directions and allows nothing', () => {
    expect(emitNetworkPolicy(defaultDenyIr('shop')).policy).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  });
});

describe('the dialect registry', () => {
  it('has unique ids, the default first, and each dialect validates and prints what it emits', () => {
    expect(new Set(DIALECTS.map((d) => d.id)).size).toBe(DIALECTS.length);
    // The main thread's list of names (catalog.ts) is the registry's, in its order.
    expect(DIALECTS.map(({ id, short, label }) => ({ id, short, label }))).toEqual(DIALECT_NAMES);
    expect(DIALECTS[0]?.id).toBe(DEFAULT_DIALECT);
    expect(dialectById('nope')).toBeUndefined();
    const { ir } = generatePolicyIr(input());
    for (const dialect of DIALECTS) {
      const { documents } = dialect.emit(ir);
      expect(documents.length).toBeGreaterThan(0);
      for (const doc of documents)
        expect(dialect.validate(doc)).toEqual({ valid: true, errors: [] });
      expect(dialect.toYaml(documents)).toMatch(/^apiVersion: /);
      expect(dialect.validate({ kind: 'nonsense' }).valid).toBe(false);
    }
  });
});
