/**
 * Verification and "what would break" with the dump's admin policies: a BaselineAdminNetworkPolicy
 * denies what the peer's side does not isolate, an AdminNetworkPolicy overrides the proposal, and
 * every denied row carries its reasons (the explanation at its port) on each side.
 */
import { describe, expect, it } from 'vitest';
import { explainConnection } from '../../../../src/lib/engine/evaluate/index';
import type { AdminPolicy } from '../../../../src/lib/engine/model/admin-policy';
import { emptyInventory, type Inventory } from '../../../../src/lib/engine/model/k8s';
import { defaultDecisions } from '../../../../src/lib/engine/policy/decisions';
import { reviewExisting } from '../../../../src/lib/engine/policy/existing';
import { generatePolicy } from '../../../../src/lib/engine/policy/generate';
import { verifyCommunications } from '../../../../src/lib/engine/policy/verify';
import { summariseVerdicts } from '../../../../src/lib/engine/policy/verify-summary';
import * as b from './builders';

const web = b.ref('Deployment', 'shop', 'web');
const db = b.ref('Deployment', 'shop', 'db');
const base: Inventory = {
  ...emptyInventory('c'),
  workloads: [
    b.workload('Deployment', 'shop', 'web', { app: 'web' }),
    b.workload('Deployment', 'shop', 'db', { app: 'db' }),
  ],
  pods: [
    b.pod(web, 'web-1', { app: 'web' }, { ip: '10.0.0.1' }),
    b.pod(
      db,
      'db-1',
      { app: 'db' },
      { ip: '10.0.0.2', ports: [{ containerPort: 5432, protocol: 'TCP' }] },
    ),
  ],
  namespaces: [{ name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } }],
};
const toDb = b.comm(web, 'egress', b.wPeer(db), 5432);
const decisions = defaultDecisions(web);
const policy = generatePolicy({
  workload: web,
  entityType: 'Deployment',
  inventory: base,
  communications: [toDb],
  decisions,
}).policy;

const shop = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } };
const banp: AdminPolicy = {
  kind: 'BaselineAdminNetworkPolicy',
  name: 'default',
  tier: 'Baseline',
  priority: 0,
  subject: shop,
  ingress: [{ name: 'deny-from-shop', action: 'Deny', peers: [shop] }],
  egress: [],
};
const anpDeny: AdminPolicy = {
  kind: 'AdminNetworkPolicy',
  name: 'no-db',
  tier: 'Admin',
  priority: 3,
  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } },
  ingress: [],
  egress: [
    { name: 'deny-5432', action: 'Deny', peers: [shop], ports: [{ protocol: 'TCP', port: 5432 }] },
  ],
};

const verify = (inventory: Inventory) =>
  verifyCommunications({
    inventory,
    communications: [toDb],
    policies: [policy],
    decisions: [decisions],
    explain: true,
  })[0]!;

describe('verification with admin policies', () => {
  it('allows the included row when the dump has no admin policy', () => {
    const v = verify(base);
    expect(v.allowed).toBe(true);
    expect(v.why).toBeUndefined();
  });

  it("a BaselineAdminNetworkPolicy denies on the peer's side no NetworkPolicy isolates, and says so", () => {
    const v = verify({ ...base, adminPolicies: [banp] });
    expect(v.allowed).toBe(false);
    expect(v.deniedBy).toBe('ingress');
    expect(v.ingress?.admin).toMatchObject({
      kind: 'BaselineAdminNetworkPolicy',
      rule: 'deny-from-shop',
    });
    expect(v.why).toEqual({
      allowed: false,
      egress: {
        allowed: true,
        reasons: [
          `NetworkPolicy 'shop/${policy.metadata.name}' allows connections by Egress rule #1`,
        ],
      },
      ingress: {
        allowed: false,
        reasons: [
          "BaselineAdminNetworkPolicy 'default' denies connections by Ingress rule deny-from-shop",
        ],
      },
    });
    const summary = summariseVerdicts([v]);
    expect(summary.deniedKeys).toEqual([toDb.key]);
    expect(summary.why[toDb.key]).toEqual(v.why);
  });

  it('an AdminNetworkPolicy Deny overrides the generated policy on its own side', () => {
    const v = verify({ ...base, adminPolicies: [anpDeny] });
    expect(v.deniedBy).toBe('egress');
    expect(v.why?.egress.reasons).toEqual([
      "AdminNetworkPolicy 'no-db' denies connections by Egress rule deny-5432",
    ]);
    expect(v.why?.ingress).toEqual({ allowed: true, reasons: ['the system default (Allow all)'] });
  });

  it('what would break counts the admin policies today and with the proposal, and lists those selecting the workload', () => {
    const review = reviewExisting({
      inventory: { ...base, adminPolicies: [banp, anpDeny] },
      workload: web,
      communications: [toDb],
      policies: [policy],
      decisions: [decisions],
    });
    expect(review.adminPolicies.map((p) => [p.kind, p.name, p.tier])).toEqual([
      ['AdminNetworkPolicy', 'no-db', 'Admin'],
      ['BaselineAdminNetworkPolicy', 'default', 'Baseline'],
    ]);
    expect(review.diff.today).toMatchObject({ allowed: 0, denied: 1 });
    expect(review.diff.unchanged).toBe(1);
  });

  it('explains at most `explainLimit` denied rows', () => {
    const inventory = { ...base, adminPolicies: [banp] };
    const run = (explainLimit: number) =>
      verifyCommunications({
        inventory,
        communications: [toDb, toDb],
        policies: [policy],
        explain: true,
        explainLimit,
      });
    expect(run(1).map((v) => v.why !== undefined)).toEqual([true, false]);
    expect(run(0).map((v) => v.why !== undefined)).toEqual([false, false]);
  });

  it('explains nothing for a protocol without ports (ICMP)', () => {
    const ctx = {
      pods: base.pods,
      namespaces: base.namespaces,
      policies: [],
      ipBlockMatchesPods: false,
    };
    const pod = (i: number) => ({ kind: 'pod' as const, pod: base.pods[i]! });
    expect(explainConnection(ctx, pod(0), pod(1), 0, 'ICMP', { src: 'a', dst: 'b' })).toBeNull();
    expect(explainConnection(ctx, pod(0), pod(1), 80, 'tcp', { src: 'a', dst: 'b' })).toEqual({
      allowed: true,
      egress: { allowed: true, reasons: ['the system default (Allow all)'] },
      ingress: { allowed: true, reasons: ['the system default (Allow all)'] },
    });
  });
});
