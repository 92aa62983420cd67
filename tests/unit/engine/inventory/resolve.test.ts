import { describe, expect, it } from 'vitest';
import {
  buildInventory,
  indexInventory,
  isKnownServerPort,
  mergeInventories,
  parseMetadataText,
  podsOf,
  resolveEndpoint,
  resolveServerPort,
  serverPortCandidates,
  servicesSelecting,
  type InventoryIndex,
} from '../../../../src/lib/engine/inventory/index';
import { isPodOf } from '../../../../src/lib/engine/inventory/backing';
import type { Endpoint } from '../../../../src/lib/engine/model/communication';
import type { EndpointMeta } from '../../../../src/lib/engine/model/flow';
import { at, fixtureText, inventoryOf, SERVICES_DUMP } from './fixtures';

const minikube = indexInventory(inventoryOf(...SERVICES_DUMP));

function endpoint(
  idx: InventoryIndex,
  ip: string | undefined,
  meta?: EndpointMeta,
  time: number | null = null,
): Endpoint {
  return resolveEndpoint(idx, ip, meta, time).endpoint;
}

const wl = (kind: string, namespace: string, name: string): Endpoint => ({
  type: 'workload',
  kind,
  namespace,
  name,
});

/** Synthetic objects written for cases the real dumps lack. */
function syntheticIndex(yaml: string, ...fixtures: string[]): InventoryIndex {
  const own = buildInventory(parseMetadataText(yaml, 'synthetic.yaml').objects, 'test').inventory;
  return indexInventory(
    fixtures.length > 0 ? mergeInventories(inventoryOf(...fixtures), own) : own,
  );
}

describe('resolveEndpoint: pod IPs and time (real minikube dump)', () => {
  it('resolves a pod IP to its top-owner workload', () => {
    const r = resolveEndpoint(minikube, '172.17.0.2', undefined, null);
    expect(r.endpoint).toEqual(wl('Deployment', 'kube-system', 'coredns'));
    expect(r.pod?.name).toBe('coredns-64897985d-ms7j4');
    expect(r.viaService).toBeUndefined();
  });

  it('resolves a finished Job pod inside its lifetime, the newer pod after it (reused IP)', () => {
    // 172.17.0.4: Job pod admission-patch [18:07:04, 18:07:11], then demo from 18:17:18.
    const patch = wl('Job', 'ingress-nginx', 'ingress-nginx-admission-patch');
    const demo = wl('Deployment', 'default', 'demo');
    expect(endpoint(minikube, '172.17.0.4', undefined, at('2022-01-27T18:07:06Z'))).toEqual(patch);
    expect(endpoint(minikube, '172.17.0.4', undefined, at('2022-01-27T18:07:11.600Z'))).toEqual(
      patch,
    );
    expect(endpoint(minikube, '172.17.0.4', undefined, at('2022-01-27T18:20:00Z'))).toEqual(demo);
    expect(endpoint(minikube, '172.17.0.4', undefined, null)).toEqual(demo);
  });

  it('prefers the finished pod over a Running one whose lifetime also covers the time', () => {
    // 172.17.0.3: Job pod admission-create [18:07:04, 18:07:10]; the controller pod started at 18:07:04 too.
    const t = at('2022-01-27T18:07:08Z');
    expect(endpoint(minikube, '172.17.0.3', undefined, t)).toEqual(
      wl('Job', 'ingress-nginx', 'ingress-nginx-admission-create'),
    );
    const later = at('2022-01-27T18:09:00Z');
    expect(endpoint(minikube, '172.17.0.3', undefined, later)).toEqual(
      wl('Deployment', 'ingress-nginx', 'ingress-nginx-controller'),
    );
  });

  it('leaves unknown addresses as IPs', () => {
    expect(endpoint(minikube, '8.8.8.8')).toEqual({ type: 'ip', ip: '8.8.8.8' });
    expect(endpoint(minikube, undefined)).toEqual({ type: 'ip', ip: '' });
  });
});

describe('resolveEndpoint: nodes and hostNetwork', () => {
  it('resolves the node address shared by hostNetwork pods to the node', () => {
    const r = resolveEndpoint(
      minikube,
      '192.168.49.2',
      { namespace: 'kube-system', pod: 'kube-proxy-tvq9q' },
      null,
    );
    expect(r.endpoint).toEqual({ type: 'node', name: 'minikube', ip: '192.168.49.2' });
  });

  it('resolves hostNetwork DaemonSet pods of a typed PodList to their nodes', () => {
    const idx = indexInventory(inventoryOf('semanticDiff-same-topologies-old1_bank_pod_list.json'));
    expect(endpoint(idx, '10.186.164.174')).toEqual({
      type: 'node',
      name: '10.186.164.174',
      ip: '10.186.164.174',
    });
  });

  it('uses real Node objects: InternalIP and ExternalIP both resolve to the node', () => {
    const idx = syntheticIndex(
      `kind: Node
metadata: {name: minikube}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.49.2}, {type: ExternalIP, address: 203.0.113.7}]}
`,
      ...SERVICES_DUMP,
    );
    expect(idx.inventory.nodes.map((n) => [n.name, n.synthesized])).toEqual([
      ['minikube', undefined],
    ]);
    expect(endpoint(idx, '192.168.49.2')).toEqual({
      type: 'node',
      name: 'minikube',
      ip: '192.168.49.2',
    });
    expect(endpoint(idx, '203.0.113.7')).toEqual({
      type: 'node',
      name: 'minikube',
      ip: '203.0.113.7',
    });
  });

  it('maps node/host metadata to a node', () => {
    expect(endpoint(minikube, '10.9.9.9', { kind: 'host', node: 'minikube' })).toEqual({
      type: 'node',
      name: 'minikube',
      ip: '10.9.9.9',
    });
    expect(endpoint(minikube, '10.9.9.8', { kind: 'node' })).toEqual({
      type: 'node',
      name: '10.9.9.8',
      ip: '10.9.9.8',
    });
  });
});

describe('resolveEndpoint + resolveServerPort: Services', () => {
  it('resolves a ClusterIP to the backing workload and maps numeric targetPorts', () => {
    const r = resolveEndpoint(minikube, '10.96.0.10', undefined, null);
    expect(r.endpoint).toEqual(wl('Deployment', 'kube-system', 'coredns'));
    expect(r.viaService?.name).toBe('kube-dns');
    expect(r.addressedToService).toBe(true);
    expect(resolveServerPort(minikube, r, 53, 'UDP')).toBe(53);
    expect(resolveServerPort(minikube, r, 9153, 'tcp')).toBe(9153);
    const onlineBoutique = indexInventory(
      inventoryOf(
        'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_depl.yaml',
        'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_services.yaml',
      ),
    );
    // The dump has the Deployments but not their pods: the pod template decides.
    const frontend = resolveEndpoint(onlineBoutique, '10.96.44.91', undefined, null);
    expect(frontend.endpoint).toEqual(wl('Deployment', 'onlineboutique', 'frontend'));
    expect(resolveServerPort(onlineBoutique, frontend, 80, 'TCP')).toBe(8080);
  });

  it('maps named targetPorts through the backing pod containerPorts', () => {
    const nginx = resolveEndpoint(minikube, '10.110.86.95', undefined, null);
    expect(nginx.endpoint).toEqual(wl('Deployment', 'ingress-nginx', 'ingress-nginx-controller'));
    expect(resolveServerPort(minikube, nginx, 443, 'TCP')).toBe(443);
    const admission = resolveEndpoint(minikube, '10.102.9.73', undefined, null);
    expect(resolveServerPort(minikube, admission, 443, 'TCP')).toBe(8443);
  });

  it('matches the protocol when resolving a named targetPort', () => {
    // Synthetic Service over the real coredns pod: `dns` is a UDP port only.
    const idx = syntheticIndex(
      `kind: Service
metadata: {name: dns-alt, namespace: kube-system}
spec:
  clusterIP: 10.96.7.7
  selector: {k8s-app: kube-dns}
  ports: [{name: u, port: 5353, protocol: UDP, targetPort: dns}, {name: t, port: 5353, protocol: TCP, targetPort: dns}]
`,
      ...SERVICES_DUMP,
    );
    const r = resolveEndpoint(idx, '10.96.7.7', undefined, null);
    expect(resolveServerPort(idx, r, 5353, 'UDP')).toBe(53);
    expect(resolveServerPort(idx, r, 5353, 'TCP')).toBe(5353);
  });

  it('picks deterministically when several workloads back one ClusterIP', () => {
    const r = resolveEndpoint(minikube, '10.102.9.73', undefined, null);
    expect(r.endpoint).toEqual(wl('Job', 'ingress-nginx', 'ingress-nginx-admission-create'));
    expect(r.alternatives).toEqual([
      { kind: 'Job', namespace: 'ingress-nginx', name: 'ingress-nginx-admission-patch' },
    ]);
  });

  it('keeps the port of a flow addressed to a pod IP, even with service metadata', () => {
    const r = resolveEndpoint(
      minikube,
      '172.17.0.3',
      { service: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller-admission' } },
      at('2022-01-27T18:09:00Z'),
    );
    expect(r.viaService?.name).toBe('ingress-nginx-controller-admission');
    expect(r.addressedToService).toBeUndefined();
    expect(resolveServerPort(minikube, r, 443, 'TCP')).toBe(443);
  });

  it('lets the dump decide for a ClusterIP or pod IP labelled reserved:world', () => {
    expect(endpoint(minikube, '10.96.0.10', { kind: 'world' })).toEqual(
      wl('Deployment', 'kube-system', 'coredns'),
    );
    expect(endpoint(minikube, '172.17.0.2', { kind: 'world' })).toEqual(
      wl('Deployment', 'kube-system', 'coredns'),
    );
  });

  it('resolves a selector-less Service through its Endpoints', () => {
    const idx = syntheticIndex(`kind: Service
metadata: {name: legacy-db, namespace: default}
spec: {clusterIP: 10.96.50.50, ports: [{name: pg, port: 5432, targetPort: 15432}]}
---
kind: Endpoints
metadata: {name: legacy-db, namespace: default}
subsets: [{addresses: [{ip: 203.0.113.40}], ports: [{name: pg, port: 15432}]}]
`);
    const r = resolveEndpoint(idx, '10.96.50.50', undefined, null);
    expect(r.endpoint).toEqual({ type: 'ip', ip: '203.0.113.40' });
    expect(r.viaService?.name).toBe('legacy-db');
    expect(resolveServerPort(idx, r, 5432, 'TCP')).toBe(15432);
  });
});

describe('resolveEndpoint: inline flow metadata', () => {
  const boutique = indexInventory(
    inventoryOf(
      'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_depl.yaml',
    ),
  );

  it('uses the dump owner of a pod named by the flow', () => {
    expect(
      endpoint(minikube, '10.1.1.1', { namespace: 'default', pod: 'demo-764c97f6fd-452fq' }),
    ).toEqual(wl('Deployment', 'default', 'demo'));
  });

  it('answers a pod named by the flow alike whether an earlier flow named a Service too', () => {
    // A pod's answer is made once and shared by every flow (memo.podAnswers): a flow's Service
    // goes into an answer of its own, never into the shared one.
    const idx = indexInventory(inventoryOf(...SERVICES_DUMP));
    const pod = { namespace: 'default', pod: 'demo-764c97f6fd-452fq' };
    const service = { namespace: 'ingress-nginx', name: 'ingress-nginx-controller-admission' };
    const before = resolveEndpoint(idx, '10.1.1.1', pod, null);
    const named = resolveEndpoint(idx, '10.1.1.1', { ...pod, service }, null);
    const after = resolveEndpoint(idx, '10.1.1.1', pod, null);
    expect(named.endpoint).toEqual(wl('Deployment', 'default', 'demo'));
    expect(named.viaService?.name).toBe('ingress-nginx-controller-admission');
    expect(named.pod?.name).toBe('demo-764c97f6fd-452fq');
    for (const r of [before, after]) {
      expect(r.endpoint).toEqual(wl('Deployment', 'default', 'demo'));
      expect(r.viaService).toBeUndefined();
    }
  });

  it('chooses by the flow time among pods of a reused name, each time', () => {
    // Two pods named worker-0 (a dump merged from two times): the name decides nothing alone.
    const idx = syntheticIndex(`kind: Pod
metadata: {name: worker-0, namespace: jobs, uid: u1,
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: migrate-1, controller: true}]}
status: {phase: Succeeded, podIP: 10.244.1.9, startTime: "2024-06-01T10:00:02Z",
  containerStatuses: [{name: w, state: {terminated: {finishedAt: "2024-06-01T10:00:40Z"}}}]}
---
kind: Pod
metadata: {name: worker-0, namespace: jobs, uid: u2,
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: migrate-2, controller: true}]}
status: {phase: Running, podIP: 10.244.1.10, startTime: "2024-06-01T11:00:00Z"}
`);
    const meta = { namespace: 'jobs', pod: 'worker-0' };
    const first = wl('Job', 'jobs', 'migrate-1');
    const second = wl('Job', 'jobs', 'migrate-2');
    expect(endpoint(idx, undefined, meta, at('2024-06-01T10:00:10Z'))).toEqual(first);
    expect(endpoint(idx, undefined, meta, at('2024-06-01T11:30:00Z'))).toEqual(second);
    expect(endpoint(idx, undefined, meta, at('2024-06-01T10:00:20Z'))).toEqual(first);
  });

  it('lets the flow metadata win over the dump for the flow itself', () => {
    const meta = {
      namespace: 'shop',
      pod: 'cart-7d4f8b9c6d-x2x9z',
      workloadKind: 'Deployment',
      workloadName: 'cart',
    };
    expect(endpoint(minikube, '172.17.0.2', meta)).toEqual(wl('Deployment', 'shop', 'cart'));
  });

  it('rolls a ReplicaSet workload up to its Deployment', () => {
    expect(
      endpoint(minikube, undefined, {
        namespace: 'shop',
        workloadKind: 'ReplicaSet',
        workloadName: 'frontend-755cdc7957',
      }),
    ).toEqual(wl('Deployment', 'shop', 'frontend'));
    expect(
      endpoint(minikube, undefined, {
        namespace: 'shop',
        workloadKind: 'replicaset',
        workloadName: 'legacy',
      }),
    ).toEqual(wl('ReplicaSet', 'shop', 'legacy'));
  });

  it('rolls pods absent from the dump up by their labels and name', () => {
    const meta = (pod: string, labels?: Record<string, string>): EndpointMeta => ({
      namespace: 'default',
      pod,
      ...(labels ? { labels } : {}),
    });
    expect(endpoint(boutique, undefined, meta('web-6c9f8d7b5-k2j4x'))).toEqual(
      wl('Deployment', 'default', 'web'),
    );
    expect(
      endpoint(boutique, undefined, meta('api-5f6d-abcde', { 'pod-template-hash': '5f6d' })),
    ).toEqual(wl('Deployment', 'default', 'api'));
    expect(endpoint(boutique, undefined, meta('loki-1'))).toEqual(
      wl('StatefulSet', 'default', 'loki'),
    );
    expect(endpoint(boutique, undefined, meta('db-0'))).toEqual(wl('Pod', 'default', 'db-0'));
    expect(
      endpoint(boutique, undefined, meta('db-0', { 'statefulset.kubernetes.io/pod-name': 'db-0' })),
    ).toEqual(wl('StatefulSet', 'default', 'db'));
    expect(endpoint(boutique, undefined, meta('debug'))).toEqual(wl('Pod', 'default', 'debug'));
    expect(
      endpoint(boutique, undefined, { namespace: 'projectcontour', pod: 'envoy-zz9kq' }),
    ).toEqual(wl('DaemonSet', 'projectcontour', 'envoy'));
  });

  it('rolls Job pods up to a known CronJob (synthetic CronJob)', () => {
    const idx = syntheticIndex(`kind: CronJob
metadata: {name: report, namespace: ops}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: report}}}}}}
`);
    expect(endpoint(idx, undefined, { namespace: 'ops', pod: 'report-28473120-bx7kq' })).toEqual(
      wl('CronJob', 'ops', 'report'),
    );
    expect(
      endpoint(idx, undefined, {
        namespace: 'ops',
        workloadKind: 'Job',
        workloadName: 'report-28473120',
      }),
    ).toEqual(wl('CronJob', 'ops', 'report'));
    expect(
      endpoint(idx, undefined, {
        namespace: 'ops',
        pod: 'other-28473120-bx7kq',
        labels: { 'job-name': 'other-28473120' },
      }),
    ).toEqual(wl('Job', 'ops', 'other-28473120'));
  });

  it('understands Calico aggregated names', () => {
    expect(
      endpoint(boutique, undefined, {
        namespace: 'onlineboutique',
        aggregatedName: 'frontend-755cdc7957-*',
      }),
    ).toEqual(wl('Deployment', 'onlineboutique', 'frontend'));
    expect(endpoint(boutique, '10.5.5.5', { namespace: 'x', aggregatedName: 'pub' })).toEqual({
      type: 'ip',
      ip: '10.5.5.5',
    });
  });
});

describe('IPv6 addresses', () => {
  it('matches pod IPs whatever their textual form', () => {
    const idx = syntheticIndex(`kind: Pod
metadata: {name: web-0, namespace: v6, ownerReferences: [{kind: StatefulSet, name: web, controller: true}]}
status: {phase: Running, podIP: 10.244.0.9, podIPs: [{ip: 10.244.0.9}, {ip: "fd00:10:244::9"}]}
`);
    expect(idx.inventory.pods[0]?.ips).toEqual(['10.244.0.9', 'fd00:10:244::9']);
    expect(endpoint(idx, 'FD00:10:244:0:0:0:0:9')).toEqual(wl('StatefulSet', 'v6', 'web'));
  });
});

describe('isKnownServerPort, servicesSelecting, podsOf', () => {
  it('knows container ports, Service ports, nodePorts and well-known ports', () => {
    expect(isKnownServerPort(minikube, '172.17.0.2', 9153, 'TCP')).toBe(true);
    expect(isKnownServerPort(minikube, '172.17.0.2', 9153, 'UDP')).toBe(false);
    expect(isKnownServerPort(minikube, '172.17.0.2', 40000, 'TCP')).toBe(false);
    expect(isKnownServerPort(minikube, '10.102.9.73', 443, 'TCP')).toBe(true);
    expect(isKnownServerPort(minikube, '192.168.49.2', 30308, 'TCP')).toBe(true);
    expect(isKnownServerPort(minikube, '10.110.86.95', 30308, 'TCP')).toBe(false);
    expect(isKnownServerPort(minikube, '1.2.3.4', 5432, 'TCP')).toBe(true);
    expect(isKnownServerPort(minikube, undefined, 22, 'TCP')).toBe(true);
    expect(isKnownServerPort(minikube, undefined, 51234, 'TCP')).toBe(false);
  });

  it('gives the answers of the full search for every address, port and protocol of real dumps', () => {
    // The search skips ports no object of the dump names (serverPortCandidates); with every port
    // a candidate it searches them all, as before the skip. The synthetic dump has one port of
    // each kind, none well-known: a containerPort, a Service port, a numbered targetPort, a
    // named targetPort found through Endpoints only, a nodePort.
    const synthetic = `kind: Pod
metadata: {name: api-1, namespace: shop, labels: {app: api}}
spec: {nodeName: n1, containers: [{name: c, ports: [{name: admin, containerPort: 9700}]}]}
status: {podIP: 10.244.0.9, phase: Running}
---
kind: Service
metadata: {name: api, namespace: shop}
spec:
  clusterIP: 10.96.0.9
  selector: {app: api}
  ports: [{name: web, port: 8500, targetPort: web}, {name: num, port: 8600, targetPort: 9800, nodePort: 31000}]
---
kind: Endpoints
metadata: {name: api, namespace: shop}
subsets: [{addresses: [{ip: 10.244.0.9}], ports: [{name: web, port: 9600}]}]
---
kind: Node
metadata: {name: n1}
status: {addresses: [{type: InternalIP, address: 192.168.0.10}]}
`;
    const dumps: { text: string; index: () => InventoryIndex }[] = [
      { text: synthetic, index: () => syntheticIndex(synthetic) },
      ...[
        SERVICES_DUMP,
        ['test_with_named_ports_pod_list.json', 'k8s_ingress_test_services.yaml'],
        [
          'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_depl.yaml',
          'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_services.yaml',
        ],
        ['onlineboutique_with_replicas_pods.yaml', 'minikube_resources_pods.yaml'],
      ].map((names) => ({
        text: names.map(fixtureText).join('\n'),
        index: () => indexInventory(inventoryOf(...names)),
      })),
    ];
    const candidates = [...serverPortCandidates(dumps[0]!.index())].sort((a, b) => a - b);
    expect(candidates).toEqual([8500, 8600, 9600, 9700, 9800, 31000]);
    const found: string[] = [];
    for (const dump of dumps) {
      const fast = dump.index();
      const full = dump.index();
      full.memo.serverPorts = new Set(Array.from({ length: 65536 }, (_, p) => p));
      const ips = [
        ...fast.podsByAnyIp.keys(),
        ...fast.servicesByIp.keys(),
        ...fast.nodesByIp.keys(),
      ];
      // Every number the dump's text holds (ports among them), found apart from the code tested.
      const numbers = dump.text.match(/\b\d{1,5}\b/g) ?? [];
      const ports = new Set([...numbers.map(Number), 1023, 1024, 40000, 51234, 65535]);
      for (const ip of [...ips, '1.2.3.4', undefined])
        for (const port of ports)
          for (const proto of ['TCP', 'udp', 'SCTP']) {
            const answer = isKnownServerPort(fast, ip, port, proto);
            expect(answer, `${ip} ${port} ${proto}`).toBe(isKnownServerPort(full, ip, port, proto));
            if (answer && port >= 1024 && dump === dumps[0] && proto === 'TCP')
              found.push(`${ip} ${port}`);
          }
    }
    expect(found.filter((f) => !/ (1023|40000|51234|65535)$/.test(f)).sort()).toEqual([
      '10.244.0.9 9600',
      '10.244.0.9 9700',
      '10.244.0.9 9800',
      '10.96.0.9 8500',
      '10.96.0.9 8600',
      '192.168.0.10 31000',
    ]);
  });

  it('lists the Services whose selector matches a workload, and its pods', () => {
    const create = {
      kind: 'Job',
      namespace: 'ingress-nginx',
      name: 'ingress-nginx-admission-create',
    };
    expect(servicesSelecting(minikube, create).map((s) => s.name)).toEqual([
      'ingress-nginx-controller-admission',
    ]);
    const dns = { kind: 'Deployment', namespace: 'kube-system', name: 'coredns' };
    expect(servicesSelecting(minikube, dns).map((s) => s.name)).toEqual(['kube-dns']);
    expect(podsOf(minikube, dns).map((p) => p.name)).toEqual(['coredns-64897985d-ms7j4']);
    expect(
      podsOf(minikube, { kind: 'ReplicaSet', namespace: 'kube-system', name: 'coredns-64897985d' }),
    ).toHaveLength(1);
    expect(
      podsOf(minikube, { kind: 'Pod', namespace: 'kube-system', name: 'etcd-minikube' }),
    ).toHaveLength(1);
  });

  it('one podsOf: the index, and the inventory (through its index), give the pods isPodOf selects for every workload', () => {
    const refs = [
      ...minikube.inventory.workloads,
      ...minikube.inventory.pods.map((p) => ({
        kind: 'Pod',
        namespace: p.namespace,
        name: p.name,
      })),
      { kind: 'Deployment', namespace: 'kube-system', name: 'absent' },
    ];
    expect(refs.length).toBeGreaterThan(10);
    const names = (pods: readonly { name: string }[]) => pods.map((p) => p.name).sort();
    for (const ref of refs) {
      const selected = names(minikube.inventory.pods.filter((p) => isPodOf(p, ref)));
      expect(names(podsOf(minikube, ref)), JSON.stringify(ref)).toEqual(selected);
      expect(names(podsOf(minikube.inventory, ref)), JSON.stringify(ref)).toEqual(selected);
    }
  });
});
