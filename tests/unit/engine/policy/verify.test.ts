import { describe, expect, it } from 'vitest';
import type { NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import { defaultDecisions, exclude } from '../../../../src/lib/engine/policy/decisions';
import { generatePolicy } from '../../../../src/lib/engine/policy/generate';
import {
  effectivePolicies,
  representativePod,
  verifyCommunications,
} from '../../../../src/lib/engine/policy/verify';
import * as b from './builders';

const fe = b.ref('Deployment', 'shop', 'frontend');
const cart = b.ref('Deployment', 'shop', 'cart');

function cluster() {
  return b.inventory({
    namespaces: b.namespaces('shop'),
    workloads: [
      b.workload('Deployment', 'shop', 'frontend', { app: 'frontend' }),
      b.workload('Deployment', 'shop', 'cart', { app: 'cart' }),
    ],
    pods: [
      b.pod(fe, 'frontend-b', { app: 'frontend', 'pod-template-hash': 'x' }),
      b.pod(fe, 'frontend-a', { app: 'frontend', 'pod-template-hash': 'x' }, { ip: '10.0.0.5' }),
    ],
  });
}

const denyAll = (ns: string, name: string): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
});

describe('verifyCommunications', () => {
  it('says which policy and rule allowed, and which side denies', () => {
    const inv = cluster();
    inv.networkPolicies.push(denyAll('shop', 'existing-deny'));
    const toCart = b.comm(fe, 'egress', b.wPeer(cart), 7070);
    const toWeb = b.comm(fe, 'egress', b.ipPeer('203.0.113.9'), 443);
    const decisions = defaultDecisions(fe);
    const { policy } = generatePolicy({
      workload: fe,
      entityType: 'Deployment',
      inventory: inv,
      communications: [toCart, toWeb],
      decisions,
    });
    const [v1, v2] = verifyCommunications({
      inventory: inv,
      communications: [toCart, toWeb],
      policies: [policy],
      decisions: [decisions],
    });
    expect(v1).toMatchObject({
      allowed: false,
      included: true,
      deniedBy: 'ingress',
      egress: {
        allowed: true,
        isolated: true,
        allowedBy: [{ policy: 'shop/frontend-deployment', rule: 0 }],
      },
      ingress: { allowed: false, isolated: true, isolatingPolicies: ['shop/existing-deny'] },
    });
    expect(v2).toMatchObject({
      allowed: false,
      included: false,
      deniedBy: 'egress',
      egress: {
        allowed: false,
        isolatingPolicies: ['shop/existing-deny', 'shop/frontend-deployment'],
      },
    });
    const open = verifyCommunications({
      inventory: inv,
      communications: [toCart],
      policies: [policy],
      withExisting: false,
    });
    expect(open[0]).toMatchObject({ allowed: true, deniedBy: null });
    expect(open[0]?.included).toBeUndefined();
  });

  it('lets a generated policy replace an existing one of the same name', () => {
    const generated = {
      ...denyAll('shop', 'same'),
      spec: { podSelector: {}, policyTypes: ['Ingress' as const] },
    };
    expect(
      effectivePolicies([denyAll('shop', 'same'), denyAll('shop', 'other')], [generated]),
    ).toEqual([denyAll('shop', 'other'), generated]);
  });

  it('represents a workload by a pod with an IP, else by its template labels', () => {
    const inv = cluster();
    expect(representativePod(inv, fe)?.name).toBe('frontend-a');
    expect(representativePod(inv, cart)).toMatchObject({
      namespace: 'shop',
      labels: { app: 'cart' },
      ips: [],
    });
    expect(representativePod(inv, b.ref('Deployment', 'shop', 'ghost'))).toBeNull();
  });

  it('keeps two pods of one workload apart (a pod never blocks itself, its siblings can be)', () => {
    const inv = cluster();
    const self = b.comm(fe, 'egress', b.wPeer(fe), 8080);
    const decisions = exclude(self.key)(defaultDecisions(fe));
    const { policy } = generatePolicy({
      workload: fe,
      entityType: 'Deployment',
      inventory: inv,
      communications: [self],
      decisions,
    });
    const [v] = verifyCommunications({
      inventory: inv,
      communications: [self],
      policies: [policy],
    });
    expect(v).toMatchObject({ allowed: false, deniedBy: 'both' });
  });

  it('replays rows of several workloads, each with its first decisions and its own pod', () => {
    const inv = cluster();
    const rows = [
      b.comm(fe, 'egress', b.wPeer(cart), 7070),
      b.comm(cart, 'ingress', b.wPeer(fe), 7070),
      b.comm(fe, 'egress', b.wPeer(cart), 7071),
      b.comm(cart, 'ingress', b.wPeer(fe), 7071),
    ];
    const feDecisions = exclude(rows[2]!.key)(defaultDecisions(fe));
    const { policy } = generatePolicy({
      workload: fe,
      entityType: 'Deployment',
      inventory: inv,
      communications: [rows[0]!, rows[2]!],
      decisions: feDecisions,
    });
    const verdicts = verifyCommunications({
      inventory: inv,
      communications: rows,
      policies: [policy],
      decisions: [
        feDecisions,
        exclude(rows[1]!.key)(defaultDecisions(cart)),
        defaultDecisions(cart),
      ],
    });
    expect(verdicts.map((v) => [v.included, v.allowed, v.deniedBy])).toEqual([
      [true, true, null],
      [false, true, null],
      [false, false, 'egress'],
      [true, false, 'egress'],
    ]);
    expect(verdicts[1]?.egress?.allowedBy).toEqual([
      { policy: 'shop/frontend-deployment', rule: 0 },
    ]);
  });

  it('reports a communication whose workload cannot be represented', () => {
    const ghost = b.ref('Deployment', 'shop', 'ghost');
    const [v] = verifyCommunications({
      inventory: cluster(),
      communications: [b.comm(ghost, 'egress', b.wPeer(cart), 80)],
      policies: [],
    });
    expect(v).toMatchObject({
      allowed: null,
      reason: 'no pod or labels known for Deployment shop/ghost',
    });
  });
});
