import { describe, expect, it } from 'vitest';
import { factsFromInventory } from '$lib/topology/facts';
import { emptyInventory, type PodInfo } from '$lib/engine/model/k8s';
import { demo } from './demo';

describe('factsFromInventory', () => {
  it('reads the demo dump: pod labels without volatile ones, container ports, selecting Services', async () => {
    const { inventory } = await demo();
    const facts = factsFromInventory(inventory, new Set(['bookinfo']));
    expect(facts.get('workload:Deployment/bookinfo/reviews-v2')).toEqual({
      labels: [
        ['app', 'reviews'],
        ['sidecar.opentelemetry.io/injected', 'bookinfo.otelcol-bookinfo'],
        ['version', 'v2'],
      ],
      ports: ['9080/TCP'],
      services: ['bookinfo/reviews'],
    });
    expect(facts.get('service:bookinfo/reviews')).toEqual({
      labels: [
        ['app', 'reviews'],
        ['service', 'reviews'],
      ],
      ports: ['9080/TCP'],
      services: [],
    });
    // Only the namespaces asked for.
    expect(facts.has('workload:Deployment/kube-system/coredns')).toBe(false);
  });

  it('treats label keys as data (a __proto__ label is listed, nothing is polluted)', () => {
    const labels = JSON.parse('{"__proto__": "x", "app": "a"}') as Record<string, string>;
    const pod: PodInfo = {
      namespace: 'ns',
      name: 'p',
      ips: ['10.0.0.1'],
      hostNetwork: false,
      labels,
      owner: { kind: 'Pod', name: 'p' },
      ownerChain: [],
      containerPorts: [],
    };
    const inv = { ...emptyInventory('c'), pods: [pod] };
    const f = factsFromInventory(inv).get('workload:Pod/ns/p');
    expect(f?.labels).toEqual([
      ['__proto__', 'x'],
      ['app', 'a'],
    ]);
  });
});
