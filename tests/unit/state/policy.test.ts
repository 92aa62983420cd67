import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { PolicyState } from '$lib/state/policy.svelte';
import { defaultDecisions, exclude, setGeneral, setIncluded } from '$lib/engine/policy/decisions';
import type { CommKey } from '$lib/engine/model/ids';
import type { PolicyRequest } from '$lib/engine/workspace/types';
import type { Request } from '$lib/state/backend';
import type { DeniedAnswer } from '../../../workers/held-denied';
import { unpackRows } from '../../../workers/packed-rows';
import { counting, demoBackend, PRODUCTPAGE, PROMETHEUS } from './setup';

const REQUEST: PolicyRequest = {
  cluster: 'kind',
  entity: 'Deployment',
  namespace: 'bookinfo',
  workload: PRODUCTPAGE,
  decisions: defaultDecisions(PRODUCTPAGE),
};

describe('PolicyState on the demo data', () => {
  it('generates the workload policy with validation and verification', async () => {
    const policy = new PolicyState(await demoBackend());
    await policy.generate(REQUEST);
    const v = policy.view!;
    expect(v.fileName).toBe('productpage-v1-deployment-k8s.yaml');
    expect(v.documents).toBe(1);
    expect(v.errors).toEqual([]);
    expect(policy.valid).toBe(true);
    const doc = load(v.yaml) as {
      metadata: unknown;
      spec: { podSelector: unknown; egress: { to: unknown[] }[] };
    };
    expect(doc.metadata).toEqual({ name: 'productpage-v1-deployment', namespace: 'bookinfo' });
    expect(doc.spec.podSelector).toEqual({ matchLabels: { app: 'productpage', version: 'v1' } });
    // Every one of the 6 rows is resolved (the proxied flows by their Cilium identity) and in
    // the policy by default.
    expect(v.verification).toMatchObject({
      total: 6,
      allowed: 6,
      denied: 0,
      unknown: 0,
      deniedFlows: 0,
      allowedFlows: 285,
    });
    expect(v.verification.deniedKeys).toEqual([]);
    expect([policy.pending, policy.revision, policy.error]).toEqual([false, 1, null]);
  });

  it('an unresolved IP stays out of the policy until it is included (GKE capture, no dump)', async () => {
    const policy = new PolicyState(await demoBackend({ gke: true }));
    const request: PolicyRequest = {
      cluster: 'gke',
      entity: 'Deployment',
      namespace: 'istio-system',
      workload: PROMETHEUS,
      decisions: defaultDecisions(PROMETHEUS),
    };
    await policy.generate(request);
    expect(policy.view!.yaml).not.toContain('ipBlock');
    // Without a dump the workload's pods are unknown: the policy selects none until edited.
    expect(policy.view!.warnings.map((w) => w.code)).toContain('NP-POLICY-SELECTOR-UNKNOWN');
    const key = 'Deployment/istio-system/prometheus|egress|ip:10.128.0.4|9990/TCP';
    await policy.generate({
      ...request,
      decisions: setIncluded([key as CommKey], true)(request.decisions),
    });
    const doc = load(policy.view!.yaml) as { spec: { egress: unknown[] } };
    expect(doc.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.128.0.4/32' } }], ports: [{ port: 9990, protocol: 'TCP' }] },
    ]);
  });

  it('says why a row is denied, with the policy and on demand (the same reasons)', async () => {
    const backend = await demoBackend();
    const policy = new PolicyState(backend);
    // Every row of the demo is in by default: excluding details-v1 makes one denied.
    const key =
      'Deployment/bookinfo/productpage-v1|egress|workload:Deployment/bookinfo/details-v1|9080/TCP';
    const request = { ...REQUEST, decisions: exclude(key as CommKey)(REQUEST.decisions) };
    await policy.generate(request);
    const why = policy.whyOf(key);
    expect(why).toEqual({
      allowed: false,
      egress: {
        allowed: false,
        reasons: [
          "NetworkPolicy 'bookinfo/productpage-v1-deployment' selects bookinfo/productpage-v1[Deployment], " +
            'but bookinfo/details-v1[Deployment] is not allowed by any Egress rule',
        ],
      },
      ingress: { allowed: true, reasons: ['the system default (Allow all)'] },
    });
    expect(policy.denied.has(key)).toBe(true);
    expect(policy.whyOf('Deployment/bookinfo/productpage-v1|egress|no-such-row')).toBeNull();
    // Rows past the eagerly explained ones are asked of the worker: the same answer.
    const asked = await backend('explainRows', { ...request, namespaceWide: false }, [key, 'nope']);
    expect(asked).toEqual({ [key]: why });
  });

  it('a burst of requests yields the last one, without generating the ones in between', async () => {
    const { req, calls } = counting(await demoBackend());
    const policy = new PolicyState(req);
    const egress = (rule: 'block' | 'namespace' | 'all') => ({
      ...REQUEST,
      decisions: setGeneral('egress', rule)(REQUEST.decisions),
    });
    await Promise.all([
      policy.generate(egress('block')),
      policy.generate(egress('namespace')),
      policy.generate(egress('all')),
    ]);
    // The first YAML is shown; its verification is skipped (a newer request waits); the last
    // request's YAML and its verification follow.
    expect(calls).toEqual(['policyText', 'policyText', 'policyCheck']);
    const doc = load(policy.view!.yaml) as { spec: { egress: unknown[] } };
    expect(doc.spec.egress).toEqual([{}]);
    expect([policy.pending, policy.verifying, policy.checked]).toEqual([false, false, true]);
  });

  it('shows the YAML first and its verification after, never a verification of older YAML', async () => {
    const { req, calls } = counting(await demoBackend());
    const policy = new PolicyState(req);
    const key =
      'Deployment/bookinfo/productpage-v1|egress|workload:Deployment/bookinfo/details-v1|9080/TCP';
    await policy.generate(REQUEST);
    expect(policy.view!.verification.denied).toBe(0);
    calls.length = 0;
    const excluded = { ...REQUEST, decisions: exclude(key as CommKey)(REQUEST.decisions) };
    await policy.generate(excluded, 'yaml');
    // The new YAML is in; the verdicts are still the previous policy's until the check is in.
    expect(policy.view!.yaml).not.toContain('details');
    expect(policy.verifying).toBe(true);
    expect(policy.view!.verification.denied).toBe(0);
    await policy.generate(excluded);
    expect(policy.verifying).toBe(false);
    expect(policy.view!.verification.deniedKeys).toEqual([key]);
    expect(calls).toEqual(['policyText', 'policyCheck', 'policyText', 'policyCheck']);
  });

  it('a verification brings only the denied keys that changed since the one before', async () => {
    const answers: { denied: DeniedAnswer }[] = [];
    const backend = await demoBackend();
    const req: Request = (name, ...args) => {
      const out = backend(name, ...args);
      if (name === 'policyCheck') void out.then((a) => answers.push(a as { denied: DeniedAnswer }));
      return out;
    };
    const policy = new PolicyState(req);
    const rows = (await backend('reviewRows', REQUEST)).rowsJson!;
    // The rows replayed (those whose ports are undetermined are only when included).
    const keys = (unpackRows(rows) as { key: CommKey }[])
      .map((c) => c.key)
      .filter((k) => !k.endsWith('|?'));
    expect(keys.length).toBeGreaterThanOrEqual(4);
    const excluded = (n: number) => ({
      ...REQUEST,
      decisions: setIncluded(keys.slice(0, n), false)(REQUEST.decisions),
    });
    await policy.generate(excluded(3));
    expect(policy.view!.verification.deniedKeys).toEqual(keys.slice(0, 3));
    // One more row denied: the answer names it, not the three denied before.
    await policy.generate(excluded(4));
    expect(answers[1]!.denied).toMatchObject({ patch: { removed: [], at: [3], added: [keys[3]] } });
    expect(answers[1]!.denied.keys).toBeUndefined();
    expect(policy.view!.verification.deniedKeys).toEqual(keys.slice(0, 4));
    // The same keys again: the page keeps its array (what it derived from it stays).
    const held = policy.view!.verification.deniedKeys;
    await policy.generate({ ...excluded(4), decisions: { ...excluded(4).decisions } });
    expect(answers).toHaveLength(3);
    expect(policy.view!.verification.deniedKeys).toBe(held);
  });

  it('the namespace-wide variant adds a default-deny and one policy per workload', async () => {
    const policy = new PolicyState(await demoBackend());
    await policy.generate(REQUEST);
    await policy.setNamespaceWide(true);
    const v = policy.view!;
    expect(v.fileName).toBe('bookinfo-namespace-k8s.yaml');
    const names = v.yaml
      .split('\n---\n')
      .map((d) => (load(d) as { metadata: { name: string } }).metadata.name);
    expect(names).toEqual([
      'default-deny',
      'details-v1-deployment',
      'productpage-v1-deployment',
      'ratings-v1-deployment',
      'reviews-v1-deployment',
      'reviews-v2-deployment',
      'reviews-v3-deployment',
    ]);
    expect(v.documents).toBe(7);
    expect(v.errors).toEqual([]);
    await policy.generate(null);
    expect(policy.view).toBeNull();
  });

  it('a failed generation clears the YAML and says why (no stale policy left to download)', async () => {
    const backend = await demoBackend();
    let fail = false;
    const policy = new PolicyState((async (name: string, ...args: unknown[]) => {
      if (fail) throw new Error('the worker stopped');
      return (backend as (n: string, ...a: unknown[]) => Promise<unknown>)(name, ...args);
    }) as typeof backend);
    await policy.generate(REQUEST);
    expect(policy.valid).toBe(true);
    fail = true;
    await policy.generate(REQUEST);
    expect(policy.view).toBeNull();
    expect(policy.valid).toBe(false);
    expect(policy.error).toBe('The policy could not be generated: the worker stopped');
  });
});
