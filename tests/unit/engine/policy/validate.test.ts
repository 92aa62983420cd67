import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../../src/lib/engine/policy/validate';

const upstream = loadAll(
  readFileSync(
    new URL(
      '../../../fixtures/policy/online-boutique/online-boutique_network-policies.yaml',
      import.meta.url,
    ),
    'utf8',
  ),
) as Record<string, unknown>[];

function policy(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = { name: 'p', namespace: 'ns' },
) {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec };
}
const ingressPort = (port: Record<string, unknown>) =>
  policy({ podSelector: {}, ingress: [{ ports: [port] }] });
const egressPeer = (peer: Record<string, unknown>) =>
  policy({ podSelector: {}, egress: [{ to: [peer] }] });
const errors = (p: unknown) => validatePolicy(p).errors;

describe('validatePolicy', () => {
  it("accepts all 13 of Online Boutique's own policies", () => {
    expect(upstream).toHaveLength(13);
    for (const p of upstream) expect(validatePolicy(p)).toEqual({ valid: true, errors: [] });
  });

  it('rejects what the strict schema rejects, with readable paths', () => {
    expect(errors(null)).toEqual([{ path: '(root)', message: 'must be object' }]);
    expect(errors({ ...policy({ podSelector: {} }), kind: 'Pod' })).toEqual([
      { path: 'kind', message: 'must be equal to one of the allowed values' },
    ]);
    expect(errors(policy({ podSelector: {}, ingress: [{ form: [] }] }))).toEqual([
      { path: 'spec.ingress[0]', message: "must NOT have additional properties: 'form'" },
    ]);
    expect(errors(ingressPort({ port: 80.5 }))).toEqual([
      { path: 'spec.ingress[0].ports[0].port', message: 'must be string' },
      { path: 'spec.ingress[0].ports[0].port', message: 'must be integer' },
      { path: 'spec.ingress[0].ports[0].port', message: 'must match exactly one schema in oneOf' },
      { path: 'spec.ingress[0].ports[0].port', message: 'port must be between 1 and 65535' },
    ]);
  });

  it('checks names, namespaces and label syntax', () => {
    expect(errors(policy({ podSelector: {} }, { name: 'Bad_Name', namespace: 'a.b' }))).toEqual([
      { path: 'metadata.name', message: 'must be a DNS-1123 subdomain of at most 253 characters' },
      { path: 'metadata.namespace', message: 'must be a DNS-1123 label of at most 63 characters' },
    ]);
    expect(errors(policy({ podSelector: {} }, { name: 'a'.repeat(254) }))).toHaveLength(1);
    expect(
      errors(policy({ podSelector: {} }, { name: `${'a'.repeat(63)}.${'b'.repeat(63)}` })),
    ).toEqual([]);
    expect(
      errors(
        policy({
          podSelector: {
            matchLabels: {
              'example.com/app': 'ok',
              '-bad': 'x',
              app: 'no spaces',
              'Bad_Prefix/x': 'y',
            },
          },
        }),
      ),
    ).toEqual([
      { path: 'spec.podSelector.matchLabels.-bad', message: "invalid label key '-bad'" },
      { path: 'spec.podSelector.matchLabels.app', message: "invalid label value 'no spaces'" },
      {
        path: 'spec.podSelector.matchLabels.Bad_Prefix/x',
        message: "invalid label key 'Bad_Prefix/x'",
      },
    ]);
  });

  it('checks selector operators and their values', () => {
    const sel = (e: Record<string, unknown>) => policy({ podSelector: { matchExpressions: [e] } });
    expect(errors(sel({ key: 'a', operator: 'In', values: ['x'] }))).toEqual([]);
    expect(errors(sel({ key: 'a', operator: 'In' }))[0]?.message).toBe('must be non-empty for In');
    expect(errors(sel({ key: 'a', operator: 'Exists', values: ['x'] }))[0]?.message).toBe(
      'must be empty for Exists',
    );
    expect(errors(sel({ key: 'a', operator: 'Equals' }))[0]?.message).toBe(
      'operator must be one of In, NotIn, Exists, DoesNotExist',
    );
  });

  it('checks protocols, port ranges, named ports and endPort', () => {
    expect(errors(ingressPort({ port: 53, protocol: 'UDP' }))).toEqual([]);
    expect(errors(ingressPort({ port: 'dns-tcp' }))).toEqual([]);
    expect(errors(ingressPort({ port: 8000, endPort: 9000 }))).toEqual([]);
    const msg = (port: Record<string, unknown>) => errors(ingressPort(port)).map((e) => e.message);
    expect(msg({ protocol: 'ICMP' })).toEqual(['protocol must be one of TCP, UDP, SCTP']);
    expect(msg({ protocol: 'tcp' })).toEqual(['protocol must be one of TCP, UDP, SCTP']);
    expect(msg({ port: 0 })).toEqual(['port must be between 1 and 65535']);
    expect(msg({ port: 65536 })).toEqual(['port must be between 1 and 65535']);
    for (const bad of ['http_alt', 'a-very-long-port-name', '8080', '-dns', 'dns--tcp', 'DNS']) {
      expect(msg({ port: bad })).toEqual([`invalid port name '${bad}'`]);
    }
    expect(msg({ port: 'http', endPort: 90 })).toEqual([
      'endPort may only be set with a numeric port',
    ]);
    expect(msg({ endPort: 90 })).toEqual(['endPort may only be set with a numeric port']);
    expect(msg({ port: 90, endPort: 80 })).toEqual(['endPort must be between port and 65535']);
    expect(msg({ port: 90, endPort: 70000 })).toEqual(['endPort must be between port and 65535']);
  });

  it('checks peer shapes, CIDRs and excepts', () => {
    expect(
      errors(egressPeer({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } })),
    ).toEqual([]);
    expect(
      errors(egressPeer({ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } })),
    ).toEqual([]);
    const msg = (peer: Record<string, unknown>) =>
      errors(egressPeer(peer)).map((e) => `${e.path}: ${e.message}`);
    expect(msg({})).toEqual([
      'spec.egress[0].to[0]: must specify a peer (podSelector, namespaceSelector or ipBlock)',
    ]);
    expect(msg({ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} })).toEqual([
      'spec.egress[0].to[0]: may not specify both ipBlock and another peer',
    ]);
    expect(msg({ ipBlock: { cidr: '10.0.0.0/33' } })).toEqual([
      "spec.egress[0].to[0].ipBlock.cidr: invalid CIDR '10.0.0.0/33'",
    ]);
    expect(msg({ ipBlock: { cidr: '10.0.0.1' } })).toEqual([
      "spec.egress[0].to[0].ipBlock.cidr: invalid CIDR '10.0.0.1'",
    ]);
    expect(
      msg({
        ipBlock: {
          cidr: '10.0.0.0/8',
          except: ['10.0.0.0/8', '11.0.0.0/16', '2001:db8::/64', 'x'],
        },
      }),
    ).toEqual([
      'spec.egress[0].to[0].ipBlock.except[0]: must be a strict subset of 10.0.0.0/8',
      'spec.egress[0].to[0].ipBlock.except[1]: must be a strict subset of 10.0.0.0/8',
      'spec.egress[0].to[0].ipBlock.except[2]: must be a strict subset of 10.0.0.0/8',
      "spec.egress[0].to[0].ipBlock.except[3]: invalid CIDR 'x'",
    ]);
  });

  it("names a peer's place in its rule: the rule and peer indexes, then what in it is wrong", () => {
    const ok = { ipBlock: { cidr: '10.0.0.0/8' } };
    const doc = policy({
      podSelector: {},
      ingress: [{ from: [ok, ok, {}] }],
      egress: [
        { to: [ok] },
        {
          to: [
            ok,
            { ipBlock: { cidr: 'x' } },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['12.0.0.0/8'] } },
            { podSelector: { matchLabels: { 'a b': 'c' } } },
            { namespaceSelector: { matchLabels: { n: 'bad value!' } } },
            { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} },
          ],
        },
      ],
    });
    expect(errors(doc).map((e) => `${e.path}: ${e.message}`)).toEqual([
      'spec.ingress[0].from[2]: must specify a peer (podSelector, namespaceSelector or ipBlock)',
      "spec.egress[1].to[1].ipBlock.cidr: invalid CIDR 'x'",
      'spec.egress[1].to[2].ipBlock.except[0]: must be a strict subset of 10.0.0.0/8',
      "spec.egress[1].to[3].podSelector.matchLabels.a b: invalid label key 'a b'",
      "spec.egress[1].to[4].namespaceSelector.matchLabels.n: invalid label value 'bad value!'",
      'spec.egress[1].to[5]: may not specify both ipBlock and another peer',
    ]);
  });

  it('checks policyTypes', () => {
    expect(errors(policy({ podSelector: {}, policyTypes: ['Ingress', 'egress'] }))).toEqual([
      { path: 'spec.policyTypes[1]', message: "must be 'Ingress' or 'Egress'" },
    ]);
    expect(
      errors(policy({ podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] })),
    ).toEqual([{ path: 'spec.policyTypes', message: 'may have at most 2 entries' }]);
  });
});
