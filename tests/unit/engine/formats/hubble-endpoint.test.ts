import { describe, expect, it } from 'vitest';
import {
  createLabelCache,
  hubbleEndpoint,
  keepEndpointCore,
} from '../../../../src/lib/engine/formats/hubble-endpoint';

/** A pod endpoint as Hubble reports it; `ID` makes it local to the observing node. */
function podObject(local: boolean): Record<string, unknown> {
  return {
    ...(local && { ID: 42 }),
    identity: 12345,
    namespace: 'shop',
    pod_name: 'api-7c9d8b5f4c-m5n6b',
    labels: ['k8s:app=api', 'k8s:io.kubernetes.pod.namespace=shop'],
    workloads: [{ name: 'api', kind: 'Deployment' }],
  };
}

const POD_META = {
  namespace: 'shop',
  pod: 'api-7c9d8b5f4c-m5n6b',
  identity: 12345,
  labels: { app: 'api' },
  kind: 'pod',
  workloadName: 'api',
  workloadKind: 'Deployment',
};

describe('hubbleEndpoint on a kept endpoint object', () => {
  it('gives the meta it built last for the same node, Service and names, a new one otherwise', () => {
    const cache = createLabelCache();
    const local = podObject(true);
    const remote = podObject(false);
    keepEndpointCore(local, cache);
    keepEndpointCore(remote, cache);
    const svc = { name: 'api', namespace: 'shop' };
    const otherSvc = { name: 'api-canary', namespace: 'shop' };
    const names = ['api.shop.svc'];
    const otherNames = ['api.example'];
    const ask = (ep: unknown, s: unknown, n: unknown, node: string | undefined) =>
      hubbleEndpoint(ep, s, n, node, cache)!;

    const first = ask(local, svc, names, 'node-a');
    const expected = {
      ...POD_META,
      node: 'node-a',
      service: { namespace: 'shop', name: 'api' },
      names: ['api.shop.svc'],
    };
    expect(first).toEqual(expected);
    expect(ask(local, svc, names, 'node-a')).toBe(first);
    // Each part changed alone (from the first's) gives its own meta; those before are left as
    // they were.
    const cases: [unknown, unknown, string | undefined, object][] = [
      [svc, names, 'node-b', { ...expected, node: 'node-b' }],
      [
        otherSvc,
        names,
        'node-a',
        { ...expected, service: { namespace: 'shop', name: 'api-canary' } },
      ],
      [svc, otherNames, 'node-a', { ...expected, names: ['api.example'] }],
      [svc, undefined, 'node-a', { ...POD_META, node: 'node-a', service: expected.service }],
      [undefined, names, 'node-a', { ...POD_META, node: 'node-a', names: expected.names }],
      [svc, names, undefined, { ...POD_META, service: expected.service, names: expected.names }],
    ];
    for (const [s, n, node, want] of cases) {
      const base = ask(local, svc, names, 'node-a');
      expect(base).toEqual(expected);
      const m = ask(local, s, n, node);
      expect(m).toEqual(want);
      expect(m).not.toBe(base);
      expect(ask(local, s, n, node)).toBe(m);
    }
    expect(first).toEqual(expected);

    // Not local: the observing node is not the endpoint's, so a new node keeps the meta.
    const away = ask(remote, svc, undefined, 'node-a');
    expect(away).toEqual({ ...POD_META, service: expected.service });
    expect(ask(remote, svc, undefined, 'node-b')).toBe(away);
    // Another endpoint object with the same fields: its own core, its own meta.
    const twin = podObject(true);
    keepEndpointCore(twin, cache);
    expect(ask(twin, svc, names, 'node-a')).toEqual(expected);
    expect(ask(twin, svc, names, 'node-a')).not.toBe(first);
  });

  it('builds a meta of its own for an endpoint object not kept, every time', () => {
    const cache = createLabelCache();
    const ep = podObject(true);
    const a = hubbleEndpoint(ep, undefined, undefined, 'node-a', cache);
    const b = hubbleEndpoint(ep, undefined, undefined, 'node-a', cache);
    expect(a).toEqual({ ...POD_META, node: 'node-a' });
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
  });
});
