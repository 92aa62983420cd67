import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import {
  canonicalCidr,
  cidrContains,
  cidrContainsIp,
  hostCidr,
  toCidr,
} from '../../../../src/lib/engine/model/address';
import { toYaml } from '../../../../src/lib/engine/policy/generate';
import { dns1123Name, stableHash } from '../../../../src/lib/engine/policy/names';

describe('toYaml', () => {
  const scrambled = {
    spec: {
      egress: [
        {
          ports: [{ protocol: 'UDP', port: 53 }],
          to: [{ podSelector: {}, namespaceSelector: { matchLabels: { z: '1', a: '2' } } }],
        },
      ],
      policyTypes: ['Ingress', 'Egress'],
      podSelector: { matchLabels: { name: 'x', app: 'y' } },
    },
    metadata: { namespace: 'shop', name: 'p' },
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
  } as unknown as NetworkPolicy;

  it('prints keys in the conventional order and label maps sorted, without anchors', () => {
    expect(toYaml([scrambled])).toBe(
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: p',
        '  namespace: shop',
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        "      app: 'y'", // YAML 1.1 reads a bare y as a boolean
        '      name: x',
        '  policyTypes:',
        '  - Ingress',
        '  - Egress',
        '  egress:',
        '  - to:',
        '    - namespaceSelector:',
        '        matchLabels:',
        "          a: '2'",
        "          z: '1'",
        '      podSelector: {}',
        '    ports:',
        '    - port: 53',
        '      protocol: UDP',
        '',
      ].join('\n'),
    );
  });

  it('separates documents with --- and round-trips', () => {
    const shared = { matchLabels: { app: 'x' } };
    const a = {
      ...scrambled,
      spec: { podSelector: shared, ingress: [{ from: [{ podSelector: shared }] }] },
    } as NetworkPolicy;
    const text = toYaml([a, scrambled]);
    expect(text).not.toContain('&');
    expect(text.split('\n').filter((l) => l === '---')).toHaveLength(1);
    expect(loadAll(text)).toEqual([
      JSON.parse(JSON.stringify(a)),
      JSON.parse(JSON.stringify(scrambled)),
    ]);
    expect(
      load(toYaml([{ ...scrambled, metadata: { name: 'on', namespace: 'yes' } }])),
    ).toMatchObject({ metadata: { name: 'on', namespace: 'yes' } });
  });
});

describe('cidr', () => {
  it('canonicalises and tests containment per family', () => {
    expect(canonicalCidr('10.1.2.3/8')).toBe('10.0.0.0/8');
    expect(canonicalCidr('2001:DB8:0:0::1/32')).toBe('2001:db8::/32');
    expect(canonicalCidr('10.0.0.0/33')).toBeNull();
    expect(canonicalCidr('fe80::1%eth0/64')).toBeNull();
    expect(canonicalCidr('1.2.3/24')).toBeNull();
    expect(hostCidr('2001:db8::0:7')).toBe('2001:db8::7/128');
    expect(toCidr('192.0.2.9')).toBe('192.0.2.9/32');
    expect(cidrContainsIp('10.0.0.0/8', '10.255.0.1')).toBe(true);
    expect(cidrContainsIp('::/0', '10.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10.1.0.0/16')).toBe(true);
    expect(cidrContains('10.1.0.0/16', '10.0.0.0/8')).toBe(false);
  });
});

describe('names', () => {
  it('hashes stably and repairs invalid names', () => {
    expect(stableHash('')).toBe('811c9dc5');
    expect(stableHash('a')).toBe('e40c292c');
    expect(dns1123Name('web-deployment')).toBe('web-deployment');
    expect(dns1123Name('-a..b-.c_d-')).toMatch(/^a\.b\.c-d-[0-9a-f]{8}$/);
    expect(dns1123Name('___')).toMatch(/^np-[0-9a-f]{8}$/);
  });
});
