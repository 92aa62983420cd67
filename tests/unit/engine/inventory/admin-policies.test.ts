/**
 * Admin policies read from manifests: AdminNetworkPolicy / BaselineAdminNetworkPolicy
 * (v1alpha1) and ClusterNetworkPolicy (v1alpha2) into the model, and every bad object reported
 * with a stable code, its file and line, in netpol-analyzer's words.
 */
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../../src/lib/engine/inventory/build';
import { parseMetadataText } from '../../../../src/lib/engine/inventory/parse';

function build(yaml: string) {
  const r = buildInventory(parseMetadataText(yaml, 'policies.yaml').objects, 'c');
  return { policies: r.inventory.adminPolicies ?? [], diagnostics: r.diagnostics };
}

const anp = (name: string, priority: unknown, rest = '') => `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${JSON.stringify(priority)}
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
  - name: from-b
    action: Deny
    from: [{namespaces: {matchLabels: {team: b}}}]
    ports: [{portNumber: {protocol: UDP, port: 53}}, {namedPort: http}, {portRange: {start: 8000, end: 8080}}]
${rest}`;

describe('admin policies: reading', () => {
  it('reads an AdminNetworkPolicy with its ports (protocol default TCP)', () => {
    const { policies, diagnostics } = build(anp('deny-b', 5));
    expect(diagnostics).toEqual([]);
    expect(policies).toEqual([
      {
        kind: 'AdminNetworkPolicy',
        name: 'deny-b',
        tier: 'Admin',
        priority: 5,
        subject: { namespaces: { matchLabels: { team: 'a' } } },
        ingress: [
          {
            name: 'from-b',
            action: 'Deny',
            peers: [{ namespaces: { matchLabels: { team: 'b' } } }],
            ports: [
              { protocol: 'UDP', port: 53 },
              { namedPort: 'http' },
              { protocol: 'TCP', start: 8000, end: 8080 },
            ],
          },
        ],
        egress: [],
        source: { file: 'policies.yaml', line: 1 },
      },
    ]);
  });

  it('reads a ClusterNetworkPolicy (tier, Accept, protocols, networks)', () => {
    const { policies, diagnostics } = build(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: baseline}
spec:
  tier: Baseline
  priority: 3
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}
  egress:
  - action: Accept
    to: [{networks: [10.0.0.0/8]}]
    protocols: [{tcp: {destinationPort: {number: 443}}}, {udp: {destinationPort: {range: {start: 1000, end: 2000}}}}, {destinationNamedPort: dns}]
`);
    expect(diagnostics).toEqual([]);
    expect(policies[0]).toMatchObject({
      kind: 'ClusterNetworkPolicy',
      tier: 'Baseline',
      priority: 3,
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'api' } } } },
      egress: [
        {
          name: '',
          action: 'Allow',
          peers: [{ networks: ['10.0.0.0/8'] }],
          ports: [
            { protocol: 'TCP', port: 443 },
            { protocol: 'UDP', start: 1000, end: 2000 },
            { namedPort: 'dns' },
          ],
        },
      ],
    });
  });

  it('ignores the kind names of other APIs (Antrea, Calico) with a note', () => {
    const { policies, diagnostics } = build(`apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: acnp}
spec: {priority: 5}
`);
    expect(policies).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['NP-META-OBJECT', 'info']]);
  });
});

describe('admin policies: bad objects', () => {
  const codes = (yaml: string) =>
    build(yaml).diagnostics.map((d) => [d.code, d.severity, d.message, d.line]);

  it('reports an invalid priority and priority ties (netpol-analyzer refuses both)', () => {
    expect(codes(anp('a', 1001) + anp('b', 7) + anp('c', 7))).toEqual([
      [
        'NP-ADMIN-POLICY',
        'error',
        'admin network policy "a": invalid priority 1001; priority must be between 0-1000',
        1,
      ],
      [
        'NP-ADMIN-POLICY',
        'error',
        'AdminNetworkPolicy "b" and AdminNetworkPolicy "c" have the same priority 7 in the Admin tier; ' +
          'two policies are conflicting when they share a priority (evaluated here in name order)',
        25,
      ],
    ]);
  });

  it('reports a malformed rule and keeps it, marked invalid (evaluated fail-closed)', () => {
    const { policies, diagnostics } = build(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: bad}
spec:
  priority: 1
  subject: {namespaces: {}}
  egress:
  - name: two-fields
    action: Deny
    to: [{namespaces: {}, networks: [10.0.0.0/8]}]
  - name: no-peers
    action: Allow
    to: []
  - name: wrong-action
    action: Drop
    to: [{networks: [not-a-cidr]}]
    ports: [{portRange: {start: 90, end: 80}}]
`);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'admin network policy "bad": in rule "two-fields": exactly one field must be set in a rule peer',
      'admin network policy "bad": in rule "no-peers": to field must be defined and contain at least one item',
      'admin network policy "bad": in rule "wrong-action": unrecognized action "Drop"',
      'admin network policy "bad": in rule "wrong-action": invalid CIDR address',
      'admin network policy "bad": in rule "wrong-action": port range 90-80 is illegal; start and end must be in 1-65535 and end may not be less than start',
    ]);
    expect(diagnostics.every((d) => d.code === 'NP-ADMIN-POLICY' && d.line === 1)).toBe(true);
    expect(policies[0]!.egress.map((r) => [r.action, r.invalid])).toEqual([
      ['Deny', true],
      ['Allow', true],
      ['Deny', true],
    ]);
  });

  it('reports a subject with no or two fields, a Pass in a baseline policy, and a baseline not named default', () => {
    const { policies, diagnostics } = build(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: strict}
spec:
  subject: {namespaces: {}, pods: {podSelector: {}}}
  ingress:
  - {name: pass, action: Pass, from: [{namespaces: {}}]}
`);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'baseline admin network policy "strict": exactly one field must be set in a subject',
      'baseline admin network policy "strict": in rule "pass": unrecognized action "Pass"',
      'baseline admin network policy "strict": only one BaselineAdminNetworkPolicy, with metadata.name=default, can exist in a cluster; evaluated anyway',
    ]);
    expect(policies[0]!.subject).toBeNull();
  });

  it('reports nodes and domainNames peers as not evaluated (a warning, the rule stays valid)', () => {
    const { policies, diagnostics } = build(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: egress}
spec:
  tier: Admin
  priority: 0
  subject: {namespaces: {}}
  egress:
  - {name: nodes, action: Deny, to: [{nodes: {}}]}
  - {name: names, action: Accept, to: [{domainNames: [example.com]}]}
`);
    expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      [
        'NP-ADMIN-NOT-EVALUATED',
        'warning',
        'cluster network policy "egress": in rule "nodes": a nodes peer is not evaluated (it matches no endpoint here)',
      ],
      [
        'NP-ADMIN-NOT-EVALUATED',
        'warning',
        'cluster network policy "egress": in rule "names": a domainNames peer is not evaluated (it matches no endpoint here)',
      ],
    ]);
    expect(policies[0]!.egress.some((r) => r.invalid)).toBe(false);
  });

  it('reports the same policy defined twice with different content (the later wins)', () => {
    const { policies, diagnostics } = build(anp('twice', 1) + anp('twice', 2) + anp('twice', 2));
    expect(diagnostics.map((d) => [d.message, d.line])).toEqual([
      [
        'AdminNetworkPolicy "twice" is defined twice with different content; the later one is used',
        13,
      ],
    ]);
    expect(policies.map((p) => p.priority)).toEqual([2]);
  });
});
