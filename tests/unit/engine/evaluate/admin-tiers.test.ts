/**
 * The tier order of DESIGN.md §5 on small scenarios, one rule per test: Admin before
 * NetworkPolicies before Baseline before the default; Pass; priority (lower first) and ties;
 * first matching rule within a policy; named ports in admin rules; fail-closed malformed rules.
 * Each verdict is checked three ways: evaluatePair, the connectivity sets, and the explanation.
 */
import { describe, expect, it } from 'vitest';
import {
  computeConnectivity,
  evaluatePair,
  explainConnectivity,
  formatConns,
  type EvalContext,
} from '../../../../src/lib/engine/evaluate/index';
import { toConnSet } from '../../../../src/lib/engine/evaluate/explain/explained-conns';
import { pairExplanation } from '../../../../src/lib/engine/evaluate/explain/explain-text';
import type { AdminPolicy } from '../../../../src/lib/engine/model/admin-policy';
import type { NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import {
  adminPolicy,
  adminRule,
  asPeer,
  context,
  inNamespace,
  ipPeer,
  netpol,
  ns,
  pod,
} from './builders';

const web = pod('shop', 'web', { app: 'web' }, { ips: ['10.0.0.1'] });
const api = pod(
  'shop',
  'api',
  { app: 'api' },
  {
    ips: ['10.0.0.2'],
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'UDP' },
    ],
  },
);
const namespaces = [ns('shop')];
const shop = inNamespace('shop');

function ctxOf(admin: AdminPolicy[], policies: NetworkPolicy[] = []): EvalContext {
  return context([web, api], policies, { namespaces, adminPolicies: admin, hostNetwork: 'pod' });
}

/** web → api on port/protocol: the pair verdict, checked against the connectivity sets. */
function verdict(ctx: EvalContext, port: number, proto = 'TCP'): boolean {
  const v = evaluatePair(ctx, asPeer(web), asPeer(api), port, proto).allowed;
  const row = computeConnectivity(ctx).find(
    (c) => c.src.label === 'shop/web[Pod]' && c.dst.label === 'shop/api[Pod]',
  );
  const inSets = row ? row.conns[proto as 'TCP'].some(([a, b]) => a <= port && port <= b) : false;
  expect(inSets, `connectivity for ${proto} ${port}`).toBe(v);
  return v;
}

/** The explanation of web → api (and that its allowed set equals the connectivity's). */
function explanation(ctx: EvalContext): string {
  const pair = explainConnectivity(ctx).find(
    (p) => p.src === 'shop/web[Pod]' && p.dst === 'shop/api[Pod]',
  )!;
  const row = computeConnectivity(ctx).find(
    (c) => c.src.label === 'shop/web[Pod]' && c.dst.label === 'shop/api[Pod]',
  );
  expect(formatConns(toConnSet(pair.conns))).toBe(row ? formatConns(row.conns) : 'No Connections');
  return pairExplanation(pair.conns);
}

const denyAll = (name: string, priority: number): AdminPolicy =>
  adminPolicy(name, { priority, subject: shop, ingress: [adminRule('deny-all', 'Deny', [shop])] });
const allowTcp80 = netpol('shop', 'allow-80', {
  podSelector: { matchLabels: { app: 'api' } },
  ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }],
});
const banpDeny = adminPolicy('default', {
  kind: 'BaselineAdminNetworkPolicy',
  subject: shop,
  ingress: [adminRule('baseline-deny', 'Deny', [shop])],
});

describe('admin tiers: order', () => {
  it('an Admin Deny beats a NetworkPolicy that allows', () => {
    const ctx = ctxOf([denyAll('deny', 5)], [allowTcp80]);
    expect(verdict(ctx, 80)).toBe(false);
    expect(explanation(ctx)).toContain(
      "AdminNetworkPolicy 'deny' denies connections by Ingress rule deny-all",
    );
  });

  it('an Admin Allow beats a Baseline Deny', () => {
    const allow = adminPolicy('allow', {
      priority: 1,
      subject: shop,
      ingress: [adminRule('ok', 'Allow', [shop])],
    });
    expect(verdict(ctxOf([allow, banpDeny]), 443)).toBe(true);
  });

  it('NetworkPolicies that isolate a pod decide before the Baseline tier', () => {
    const ctx = ctxOf([banpDeny], [allowTcp80]);
    expect(verdict(ctx, 80)).toBe(true);
    expect(verdict(ctx, 81)).toBe(false);
    expect(explanation(ctx)).not.toContain('BaselineAdminNetworkPolicy');
  });

  it('the Baseline tier denies a pod no NetworkPolicy selects; without it the default allows', () => {
    expect(verdict(ctxOf([banpDeny]), 81)).toBe(false);
    expect(verdict(ctxOf([]), 81)).toBe(true);
    expect(explanation(ctxOf([banpDeny]))).toContain(
      "BaselineAdminNetworkPolicy 'default' denies connections by Ingress rule baseline-deny",
    );
  });

  it('an IP source is never the subject of an admin policy (egress of an address is open)', () => {
    const egressDeny = adminPolicy('out', {
      subject: shop,
      egress: [adminRule('no', 'Deny', [{ networks: ['0.0.0.0/0'] }])],
    });
    const ctx = ctxOf([egressDeny]);
    expect(evaluatePair(ctx, ipPeer('8.8.8.8'), asPeer(api), 80, 'TCP').allowed).toBe(true);
    expect(evaluatePair(ctx, asPeer(api), ipPeer('8.8.8.8'), 80, 'TCP').allowed).toBe(false);
  });
});

describe('admin tiers: Pass', () => {
  const pass = adminPolicy('pass', {
    priority: 1,
    subject: shop,
    ingress: [adminRule('hand-over', 'Pass', [shop])],
  });

  it('passes to the NetworkPolicies, skipping lower-priority admin policies', () => {
    const ctx = ctxOf([pass, denyAll('deny', 2)], [allowTcp80]);
    expect(verdict(ctx, 80)).toBe(true);
    expect(verdict(ctx, 81)).toBe(false);
    const text = explanation(ctx);
    expect(text).toContain(
      "AdminNetworkPolicy 'pass' passes connections by Ingress rule hand-over",
    );
    expect(text).toContain("NetworkPolicy 'shop/allow-80' allows connections by Ingress rule #1");
  });

  it('with no NetworkPolicy, passed traffic meets the Baseline tier, else the default', () => {
    expect(verdict(ctxOf([pass, banpDeny]), 80)).toBe(false);
    expect(verdict(ctxOf([pass]), 80)).toBe(true);
    const v = evaluatePair(ctxOf([pass]), asPeer(web), asPeer(api), 80, 'TCP');
    expect(v.ingress.admin).toEqual({
      kind: 'AdminNetworkPolicy',
      tier: 'Admin',
      policy: 'pass',
      rule: 'hand-over',
      action: 'Pass',
    });
  });
});

describe('admin tiers: priority and rule order', () => {
  const allowAll = (priority: number) =>
    adminPolicy('allow', { priority, subject: shop, ingress: [adminRule('ok', 'Allow', [shop])] });

  it('the lower priority number wins', () => {
    expect(verdict(ctxOf([allowAll(5), denyAll('deny', 10)]), 80)).toBe(true);
    expect(verdict(ctxOf([allowAll(10), denyAll('deny', 5)]), 80)).toBe(false);
  });

  it('ties of priority are evaluated in name order, whatever the input order', () => {
    const a = allowAll(7);
    const z = denyAll('zzz', 7);
    expect(verdict(ctxOf([z, a]), 80)).toBe(true);
    expect(verdict(ctxOf([a, z]), 80)).toBe(true);
  });

  it('within a policy the first matching rule wins, port by port', () => {
    const p = adminPolicy('mixed', {
      subject: shop,
      ingress: [
        adminRule('deny-80', 'Deny', [shop], [{ protocol: 'TCP', port: 80 }]),
        adminRule('allow-rest', 'Allow', [shop]),
      ],
    });
    const ctx = ctxOf([p, banpDeny]);
    expect(verdict(ctx, 80)).toBe(false);
    expect(verdict(ctx, 81)).toBe(true);
    expect(verdict(ctx, 53, 'UDP')).toBe(true);
  });
});

describe('admin tiers: named ports', () => {
  const denyNamed = (port: string) =>
    adminPolicy('named', {
      subject: shop,
      ingress: [adminRule('deny-named', 'Deny', [shop], [{ namedPort: port }])],
    });

  it("resolve on the destination pod and take its container port's protocol", () => {
    const ctx = ctxOf([denyNamed('metrics')]);
    expect(verdict(ctx, 9090, 'UDP')).toBe(false);
    expect(verdict(ctx, 9090, 'TCP')).toBe(true);
    expect(explanation(ctx)).toContain('Denied UDP:[9090]');
  });

  it('match nothing when the destination has no such port', () => {
    expect(verdict(ctxOf([denyNamed('nope')]), 9090, 'UDP')).toBe(true);
  });

  it('match nothing towards an address', () => {
    const p = adminPolicy('out', {
      subject: shop,
      egress: [
        adminRule('deny-http', 'Deny', [{ networks: ['0.0.0.0/0'] }], [{ namedPort: 'http' }]),
      ],
    });
    expect(evaluatePair(ctxOf([p]), asPeer(api), ipPeer('1.2.3.4'), 8080, 'TCP').allowed).toBe(
      true,
    );
  });
});

describe('admin tiers: malformed rules fail closed', () => {
  it('a malformed Deny or Pass rule denies everything of its subject; a malformed Allow matches nothing', () => {
    const bad = (action: 'Allow' | 'Deny' | 'Pass') =>
      adminPolicy('bad', {
        subject: shop,
        ingress: [{ name: 'broken', action, peers: [], invalid: true }],
      });
    expect(verdict(ctxOf([bad('Deny')]), 80)).toBe(false);
    expect(verdict(ctxOf([bad('Pass')]), 80)).toBe(false);
    expect(verdict(ctxOf([bad('Allow'), banpDeny]), 80)).toBe(false);
    expect(verdict(ctxOf([bad('Allow')]), 80)).toBe(true);
  });

  it('nodes and domainNames peers match nothing', () => {
    const p = adminPolicy('nodes', {
      subject: shop,
      egress: [adminRule('deny-nodes', 'Deny', [{ nodes: {} }, { domainNames: ['example.com'] }])],
    });
    expect(evaluatePair(ctxOf([p]), asPeer(api), ipPeer('1.2.3.4'), 80, 'TCP').allowed).toBe(true);
  });
});

describe('admin tiers: ClusterNetworkPolicy (v1alpha2)', () => {
  const cnp = (
    name: string,
    tier: 'Admin' | 'Baseline',
    priority: number,
    rule: AdminPolicy['ingress'][0],
  ) =>
    adminPolicy(name, {
      kind: 'ClusterNetworkPolicy',
      tier,
      priority,
      subject: shop,
      ingress: [rule],
    });

  it('Admin tier Accept and Deny interleave with AdminNetworkPolicies by priority', () => {
    const accept = cnp(
      'accept-80',
      'Admin',
      2,
      adminRule('web', 'Allow', [shop], [{ protocol: 'TCP', port: 80 }]),
    );
    const ctx = ctxOf([denyAll('deny', 5), accept]);
    expect(verdict(ctx, 80)).toBe(true);
    expect(verdict(ctx, 81)).toBe(false);
    expect(explanation(ctx)).toContain(
      "ClusterNetworkPolicy 'accept-80' accepts connections by Ingress rule web",
    );
  });

  it('the Baseline tier comes after the NetworkPolicies; a Baseline Pass leaves the default', () => {
    const base = cnp('base', 'Baseline', 1, adminRule('', 'Deny', [shop]));
    expect(verdict(ctxOf([base]), 80)).toBe(false);
    expect(verdict(ctxOf([base], [allowTcp80]), 80)).toBe(true);
    expect(explanation(ctxOf([base]))).toContain(
      "ClusterNetworkPolicy 'base' denies connections by Ingress rule #1",
    );
    const pass = cnp('pass', 'Baseline', 0, adminRule('hand-over', 'Pass', [shop]));
    expect(verdict(ctxOf([pass, base]), 80)).toBe(true);
  });
});
