import { describe, expect, it } from 'vitest';
import { policyNormalize } from '../../../../src/lib/engine/evaluate/index';
import type { NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import { netpol } from './builders';

describe('policyNormalize', () => {
  it('defaults policyTypes to Ingress, plus Egress only when spec.egress is non-empty', () => {
    expect(policyNormalize(netpol('a', 'p', {})).spec.policyTypes).toEqual(['Ingress']);
    expect(policyNormalize(netpol('a', 'p', { egress: [] })).spec.policyTypes).toEqual(['Ingress']);
    expect(policyNormalize(netpol('a', 'p', { egress: [{}] })).spec.policyTypes).toEqual([
      'Ingress',
      'Egress',
    ]);
    expect(
      policyNormalize(netpol('a', 'p', { policyTypes: [], egress: [{}] })).spec.policyTypes,
    ).toEqual(['Ingress', 'Egress']);
    expect(policyNormalize(netpol('a', 'p', { policyTypes: ['Egress'] })).spec.policyTypes).toEqual(
      ['Egress'],
    );
  });

  it('defaults port protocol to TCP, namespace to default and podSelector to {}', () => {
    const raw = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p' },
      spec: { ingress: [{ ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }] },
    } as unknown as NetworkPolicy;
    const n = policyNormalize(raw);
    expect(n.metadata.namespace).toBe('default');
    expect(n.spec.podSelector).toEqual({});
    expect(n.spec.ingress?.[0]?.ports).toEqual([
      { port: 80, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
    ]);
    expect(raw.spec.ingress?.[0]?.ports?.[0]).toEqual({ port: 80 });
  });
});
