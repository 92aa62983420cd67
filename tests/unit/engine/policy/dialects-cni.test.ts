/**
 * The Cilium and Calico emitters on hand-built IR policies (every kind of peer, named IPs, port
 * ranges, whole protocols) and their validators: the CRD's strict schema rejects unknown fields,
 * and the rules the schemas miss (Cilium port strings above 65535, toFQDNs beside other peers;
 * Calico protocol names, port ranges, ports without a port protocol) are caught.
 */
import { describe, expect, it } from 'vitest';
import { calicoSelector } from '../../../../src/lib/engine/policy/dialects/calico-selector';
import {
  calicoDialect,
  calicoStagedDialect,
} from '../../../../src/lib/engine/policy/dialects/calico';
import { ciliumDialect, emitCilium } from '../../../../src/lib/engine/policy/dialects/cilium';
import { defaultDenyIr } from '../../../../src/lib/engine/policy/generate';
import type { IrPair, PolicyIR } from '../../../../src/lib/engine/policy/ir';
import * as b from './builders';

const sel = (matchLabels: Record<string, string>) => ({ matchLabels });
const fe = b.ref('Deployment', 'shop', 'frontend');
const dnsPeer = {
  type: 'pods' as const,
  namespace: 'kube-system',
  selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  dns: true as const,
};

function ir(ingress: PolicyIR['ingress'], egress: PolicyIR['egress']): PolicyIR {
  return {
    name: 'frontend-deployment',
    namespace: 'shop',
    workload: fe,
    subject: { matchLabels: { app: 'frontend' } },
    ingress,
    egress,
  };
}

const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
const named: IrPair = {
  peer: { type: 'cidr', cidr: '203.0.113.7/32', names: ['api.example.com', 'www.example.com'] },
  port: tcp(443),
};

describe('the Cilium emitter', () => {
  it('writes pods, namespaces, nodes and ranges as endpoints, entities and CIDR sets', () => {
    const { policy, warnings } = emitCilium(
      ir(
        [
          {
            peer: { type: 'pods', namespace: 'shop', selector: sel({ app: 'cart' }) },
            port: tcp(8080),
          },
          {
            peer: { type: 'pods', namespace: 'ops', selector: sel({ app: 'probe' }) },
            port: tcp(8080),
          },
          { peer: { type: 'node', name: 'n1', cidr: '10.0.0.11/32' }, port: tcp(8080) },
          { peer: { type: 'namespace' }, port: null },
        ],
        [
          { peer: { type: 'cidr', cidr: '192.0.2.0/24', names: [] }, port: { protocol: 'UDP' } },
          { peer: { type: 'entity', entity: 'kube-apiserver' }, port: tcp(6443) },
        ],
      ),
    );
    // Nodes have identities in Cilium: every node is allowed, and the user is told.
    expect(warnings.map((w) => w.code)).toEqual(['NP-POLICY-HOST-NETWORK-PEER']);
    expect(policy.spec.endpointSelector).toEqual({ matchLabels: { app: 'frontend' } });
    expect(policy.spec.ingress).toEqual([
      { fromEndpoints: [{}] },
      {
        fromEndpoints: [
          { matchLabels: { app: 'cart' } },
          { matchLabels: { app: 'probe', 'k8s:io.kubernetes.pod.namespace': 'ops' } },
        ],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
      {
        fromEntities: ['host', 'remote-node'],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
    ]);
    expect(policy.spec.egress).toEqual([
      { toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '6443', protocol: 'TCP' }] }] },
      {
        toCIDRSet: [{ cidr: '192.0.2.0/24' }],
        toPorts: [{ ports: [{ port: '0', protocol: 'UDP' }] }],
      },
    ]);
    expect(ciliumDialect.validate(policy).errors).toEqual([]);
  });

  it('writes a named IP as toFQDNs and puts the DNS rule on the cluster DNS pods', () => {
    const dns: IrPair[] = [
      { peer: dnsPeer, port: { protocol: 'UDP', port: 53 } },
      { peer: dnsPeer, port: { protocol: 'TCP', port: 53 } },
    ];
    const { policy, warnings } = emitCilium(ir([], [named, ...dns]));
    expect(warnings).toEqual([]);
    expect(policy.spec.egress).toEqual([
      {
        toEndpoints: [
          {
            matchLabels: {
              'k8s-app': 'kube-dns',
              'k8s:io.kubernetes.pod.namespace': 'kube-system',
            },
          },
        ],
        toPorts: [
          {
            ports: [
              { port: '53', protocol: 'TCP' },
              { port: '53', protocol: 'UDP' },
            ],
            rules: { dns: [{ matchPattern: '*' }] },
          },
        ],
      },
      {
        toFQDNs: [{ matchName: 'api.example.com' }, { matchName: 'www.example.com' }],
        toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
      },
    ]);
    expect(ciliumDialect.validate(policy).errors).toEqual([]);
  });

  it('adds the DNS rule towards kube-dns with a warning when DNS is not allowed', () => {
    const { policy, warnings } = emitCilium(ir([], [named]));
    expect(policy.spec.egress[0]?.toPorts?.[0]?.rules).toEqual({ dns: [{ matchPattern: '*' }] });
    expect(warnings.map((w) => w.code)).toEqual(['NP-POLICY-NOT-EXPRESSIBLE']);
  });

  it('keeps an ingress IP with names as a CIDR, lists short ranges, leaves out long ones', () => {
    const { policy, warnings } = emitCilium(
      ir(
        [
          { ...named, port: { protocol: 'TCP', port: 8000, endPort: 8002 } },
          { peer: { type: 'fqdn', name: 'x.example.com' }, port: null },
        ],
        [{ ...named, port: { protocol: 'TCP', port: 1000, endPort: 2000 } }],
      ),
    );
    expect(policy.spec.ingress).toEqual([
      {
        fromCIDRSet: [{ cidr: '203.0.113.7/32' }],
        toPorts: [
          {
            ports: ['8000', '8001', '8002'].map((port) => ({ port, protocol: 'TCP' })),
          },
        ],
      },
    ]);
    expect(policy.spec.egress).toEqual([{}]);
    expect(warnings).toHaveLength(2);
  });

  it('writes "all" as the all entity and nothing allowed as one empty rule', () => {
    const allIn = emitCilium(ir('all', [])).policy;
    expect(allIn.spec.ingress).toEqual([{ fromEntities: ['all'] }]);
    expect(allIn.spec.egress).toEqual([{}]);
    const deny = emitCilium(defaultDenyIr('shop')).policy;
    expect(deny.spec).toEqual({ endpointSelector: {}, ingress: [{}], egress: [{}] });
  });
});

describe('the Cilium validator', () => {
  const good = () => emitCilium(ir([], [named])).policy;
  it('rejects unknown fields, as kubectl --validate=strict', () => {
    const p = good() as unknown as { spec: Record<string, unknown> };
    p.spec.egress = [{ toFQDN: [{ matchName: 'a.example.com' }] }];
    expect(ciliumDialect.validate(p).errors).toContainEqual({
      path: 'spec.egress[0]',
      message: "must NOT have additional properties: 'toFQDN'",
    });
    expect(ciliumDialect.validate({ ...good(), kind: 'NetworkPolicy' }).valid).toBe(false);
  });

  it('catches what the schema lets through: ports above 65535, toFQDNs beside endpoints', () => {
    const p = {
      ...good(),
      spec: {
        endpointSelector: {},
        egress: [
          {
            toFQDNs: [{ matchName: 'a.example.com' }],
            toEndpoints: [{}],
            toPorts: [{ ports: [{ port: '99999', protocol: 'TCP' }] }],
          },
        ],
      },
    };
    expect(ciliumDialect.validate(p).errors).toEqual([
      { path: 'spec.egress[0].toPorts[0].ports[0].port', message: "invalid port '99999'" },
      {
        path: 'spec.egress[0].toFQDNs',
        message: 'cannot be combined with toEndpoints in one rule',
      },
    ]);
  });
});

describe('the Calico emitters', () => {
  it('writes selector expressions for every operator, all() for the empty selector', () => {
    expect(calicoSelector({})).toBe('all()');
    expect(
      calicoSelector({
        matchLabels: { tier: 'web', app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'NotIn', values: ['a'] },
          { key: 'team', operator: 'Exists' },
        ],
      }),
    ).toBe(
      "app == 'shop' && tier == 'web' && !has(canary) && env in { 'dev', 'prod' } && has(team) && zone not in { 'a' }",
    );
  });

  it('writes pods, ranges, named IPs (annotated), ranges of ports and whole protocols', () => {
    const out = calicoDialect.emit(
      ir(
        [
          {
            peer: { type: 'pods', namespace: 'ops', selector: sel({ app: 'probe' }) },
            port: tcp(8080),
          },
          {
            peer: { type: 'pods', namespace: 'ops', selector: sel({ app: 'probe' }) },
            port: { protocol: 'UDP', port: 9000, endPort: 9100 },
          },
          { peer: { type: 'node', name: 'n1', cidr: '10.0.0.11/32' }, port: null },
        ],
        [
          named,
          { peer: { type: 'cidr', cidr: '192.0.2.0/24', names: [] }, port: { protocol: 'SCTP' } },
          { peer: { type: 'namespace' }, port: null },
          { peer: { type: 'fqdn', name: 'x.example.com' }, port: tcp(443) },
        ],
      ),
    );
    const [policy] = out.documents;
    expect(out.warnings.map((w) => w.message)).toEqual([
      'DNS name x.example.com: Calico OSS has no domain match; left out',
    ]);
    expect(policy?.spec).toEqual({
      selector: "app == 'frontend'",
      types: ['Ingress', 'Egress'],
      ingress: [
        { action: 'Allow', source: { nets: ['10.0.0.11/32'] } },
        {
          action: 'Allow',
          protocol: 'TCP',
          source: {
            selector: "app == 'probe'",
            namespaceSelector: "projectcalico.org/name == 'ops'",
          },
          destination: { ports: [8080] },
        },
        {
          action: 'Allow',
          protocol: 'UDP',
          source: {
            selector: "app == 'probe'",
            namespaceSelector: "projectcalico.org/name == 'ops'",
          },
          destination: { ports: ['9000:9100'] },
        },
      ],
      egress: [
        { action: 'Allow', destination: { selector: 'all()' } },
        { action: 'Allow', protocol: 'SCTP', destination: { nets: ['192.0.2.0/24'] } },
        {
          metadata: {
            annotations: { 'netpolish.io/dns-names': 'api.example.com,www.example.com' },
          },
          action: 'Allow',
          protocol: 'TCP',
          destination: { nets: ['203.0.113.7/32'], ports: [443] },
        },
      ],
    });
    expect(calicoDialect.validate(policy).errors).toEqual([]);
    const staged = calicoStagedDialect.emit(ir('all', 'all')).documents[0];
    expect(staged?.kind).toBe('StagedNetworkPolicy');
    expect(staged?.spec.ingress).toEqual([{ action: 'Allow' }]);
    expect(calicoStagedDialect.validate(staged).errors).toEqual([]);
    expect(calicoDialect.validate(staged).valid).toBe(false);
  });
});

describe('the Calico validator', () => {
  const rule = (r: object) => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'NetworkPolicy',
    metadata: { name: 'x', namespace: 'shop' },
    spec: { selector: 'all()', types: ['Egress'], egress: [r] },
  });
  it('rejects unknown fields and what the schema lets through', () => {
    expect(
      calicoDialect.validate(rule({ action: 'Allow', domains: ['a.example.com'] })).errors,
    ).toEqual([
      { path: 'spec.egress[0]', message: "must NOT have additional properties: 'domains'" },
    ]);
    expect(
      calicoDialect.validate(
        rule({
          action: 'Allow',
          protocol: 'TCPX',
          destination: { ports: ['90:80', 70000], nets: ['x'] },
        }),
      ).errors,
    ).toEqual([
      { path: 'spec.egress[0].protocol', message: 'unknown protocol "TCPX"' },
      { path: 'spec.egress[0].destination.ports[0]', message: 'invalid port "90:80"' },
      { path: 'spec.egress[0].destination.ports[1]', message: 'invalid port 70000' },
      {
        path: 'spec.egress[0].destination.ports',
        message: 'ports need protocol TCP, UDP, SCTP or UDPLite',
      },
      { path: 'spec.egress[0].destination.nets[0]', message: 'not a CIDR: "x"' },
    ]);
    expect(calicoDialect.validate(rule({ action: 'Allow', protocol: 'ICMP' })).valid).toBe(true);
  });
});
