import { loadAll } from 'js-yaml';
import type { NetworkPolicy } from '$lib/engine/model/k8s';
import type { Communication } from '$lib/engine/model/communication';
import { describe, expect, it } from 'vitest';
import { Workspace } from '$lib/state/workspace.svelte';
import type { CommKey } from '$lib/engine/model/ids';
import { demoBackend, PRODUCTPAGE, PROMETHEUS } from './setup';

const IP = 'Deployment/istio-system/prometheus|egress|ip:10.128.0.4|9990/TCP' as CommKey;
const DETAILS =
  'Deployment/bookinfo/productpage-v1|egress|workload:Deployment/bookinfo/details-v1|9080/TCP' as CommKey;

describe('Workspace: the review wired together on the demo data', () => {
  it('scope → rows → decisions → policy, aliases included; a new workspace finds it all again', async () => {
    const req = await demoBackend({ gke: true });
    const ws = new Workspace(req);
    await ws.init();
    expect(ws.ready).toBe(true);
    expect(ws.review.query).toBeNull();
    expect(ws.policy.view).toBeNull();

    await ws.setCluster('kind');
    await ws.setNamespace('bookinfo');
    await ws.setWorkload(PRODUCTPAGE);
    expect(ws.review.captured).toHaveLength(6);
    expect(ws.policy.view?.yaml).toContain('app: details');
    expect(ws.egressTable.rows.map((c) => c.flows)).toEqual([115, 55, 27, 19, 14]);
    // ACK-only events with no initiator: each pair read both ways, apart, none in the policy.
    const read = (c: Communication) =>
      `${c.peer.type === 'workload' ? c.peer.name : '?'} ${c.port}${c.endPort ? `-${c.endPort}` : ''}`;
    expect(ws.review.unknownEgress.map(read)).toEqual([
      'details-v1 9080',
      'reviews-v1 9080',
      'reviews-v3 9080',
    ]);
    expect(ws.review.unknownIngress.map(read)).toEqual([
      'details-v1 56874-57094',
      'reviews-v1 59376-59422',
      'reviews-v3 53686-54002',
    ]);
    expect(ws.review.unknownIngress.some((c) => ws.review.includedKeys.has(c.key))).toBe(false);
    expect(ws.policy.view?.yaml).not.toContain('endPort');
    // Included, the other reading enters the policy as a port range; excluded, it leaves.
    const reverse = ws.review.unknownIngress[0]!.key;
    await ws.review.setIncluded([reverse], true);
    expect(ws.policy.view?.yaml).toContain('endPort: 57094');
    await ws.review.setIncluded([reverse], false);
    expect(ws.policy.view?.yaml).not.toContain('endPort');

    await ws.review.setIncluded([DETAILS], false);
    expect(ws.policy.view?.yaml).not.toContain('app: details');
    await ws.review.setGeneral('egress', 'namespace');
    expect(ws.policy.view?.yaml).toContain('podSelector: {}');
    const productpageYaml = ws.policy.view?.yaml;

    // The GKE capture's prometheus scrapes 10.128.0.4, which no metadata explains.
    await ws.setCluster('gke');
    await ws.setNamespace('istio-system');
    await ws.setWorkload(PROMETHEUS);
    expect(await ws.addAlias({ name: 'legacy-gateway', cidr: '10.128.0.0/24' })).toBeNull();
    expect(ws.review.ips[0]?.peer).toMatchObject({ ip: '10.128.0.4', alias: 'legacy-gateway' });
    expect(ws.ipTable.rows).toHaveLength(1);
    expect(ws.policy.view?.yaml).not.toContain('10.128.0.0/24');
    await ws.review.setIncluded([IP], true);
    expect(ws.policy.view?.yaml).toContain('cidr: 10.128.0.0/24');
    const yaml = ws.policy.view?.yaml;

    const again = new Workspace(req);
    await again.init();
    expect(again.scope.saved()).toMatchObject({
      cluster: 'gke',
      namespace: 'istio-system',
      workload: PROMETHEUS,
    });
    expect(again.review.decisions?.included).toEqual({ [IP]: true });
    expect(again.settings.aliases).toEqual([{ name: 'legacy-gateway', cidr: '10.128.0.0/24' }]);
    expect(again.policy.view?.yaml).toBe(yaml);
    // Aliases belong to their cluster; the other cluster's decisions are kept too.
    await again.setCluster('kind');
    expect(again.settings.aliases).toEqual([]);
    await again.setNamespace('bookinfo');
    await again.setWorkload(PRODUCTPAGE);
    // The undetermined reading excluded again stays a decision (false): still out.
    expect(again.review.decisions?.included).toEqual({
      [DETAILS]: false,
      'Deployment/bookinfo/productpage-v1|ingress|workload:Deployment/bookinfo/details-v1|56874-57094/TCP|?': false,
    });
    expect(again.policy.view?.yaml).toBe(productpageYaml);
  });

  it('cluster CIDRs reclassify IPs; ignored labels leave the selector', async () => {
    const req = await demoBackend();
    const ws = new Workspace(req);
    await ws.init();
    await ws.setNamespace('bookinfo');
    await ws.setWorkload(PRODUCTPAGE);
    expect(await ws.setClusterCidrs(['not-a-cidr'])).toEqual(['not-a-cidr']);
    await ws.setIgnoreLabels(['version']);
    expect(ws.policy.view?.yaml).toContain('app: productpage');
    expect(ws.policy.view?.yaml).not.toContain('version: v1');
    // No workload of the new entity type chosen: the namespace's review and its bundle.
    await ws.setEntity('Service');
    expect(ws.review.isNamespace()).toBe(true);
    expect(ws.policy.view?.fileName).toBe('bookinfo-namespace-k8s.yaml');
  });

  it("a namespace's review: every workload's rows, decisions across workloads, reviewed status kept", async () => {
    const req = await demoBackend();
    const ws = new Workspace(req);
    await ws.init();
    await ws.setNamespace('bookinfo');
    expect(ws.review.isNamespace()).toBe(true);
    const names = ws.review.workloads.map((w) => w.name);
    expect(names).toEqual([
      'details-v1',
      'productpage-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(new Set(ws.review.communications.map((c) => c.workload.name))).toEqual(new Set(names));
    expect(ws.scope.status).toEqual({ workloads: 6, pending: 6 });
    // One bulk decision over rows of two workloads lands in each workload's own decisions.
    const toRatings = ws.review.communications.filter(
      (c) => c.peer.type === 'workload' && c.peer.name === 'ratings-v1',
    );
    expect(new Set(toRatings.map((c) => c.workload.name)).size).toBeGreaterThan(1);
    await ws.review.setIncluded(
      toRatings.map((c) => c.key),
      false,
    );
    expect(toRatings.every((c) => !ws.review.included(c))).toBe(true);
    const docs = loadAll(ws.policy.view!.yaml) as NetworkPolicy[];
    const productpage = docs.find((d) => d.metadata.name === 'productpage-v1-deployment')!;
    expect(JSON.stringify(productpage.spec.ingress ?? [])).not.toContain('ratings');
    expect(JSON.stringify(productpage.spec.egress ?? [])).toContain('details');
    await ws.review.setReviewed(ws.review.workloads.slice(0, 2), true);
    expect(ws.review.pending.map((w) => w.name)).toEqual(names.slice(2));
    expect(ws.scope.status).toEqual({ workloads: 6, pending: 4 });

    const again = new Workspace(req);
    await again.init();
    expect(again.review.isNamespace()).toBe(true);
    expect(again.review.pending.map((w) => w.name)).toEqual(names.slice(2));
    expect(toRatings.every((c) => !again.review.included(c))).toBe(true);
    // The workload's own review shows the same decision.
    const from = toRatings[0]!;
    await again.setEntity(from.workload.kind as 'Deployment');
    await again.setWorkload(from.workload);
    expect(
      again.review.included(again.review.communications.find((c) => c.key === from.key)!),
    ).toBe(false);
  });
});
