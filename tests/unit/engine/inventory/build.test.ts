import { describe, expect, it } from 'vitest';
import {
  buildInventory,
  mergeInventories,
  parseMetadataText,
  VOLATILE_LABELS,
  type K8sObject,
} from '../../../../src/lib/engine/inventory/index';
import type { Inventory, PodInfo } from '../../../../src/lib/engine/model/k8s';
import { at, inventoryOf, objectsOf, SERVICES_DUMP } from './fixtures';
import { workloadKey } from '../../../../src/lib/engine/model/ids';

function pod(inv: Inventory, name: string): PodInfo {
  const p = inv.pods.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no pod ${name}`);
  return p;
}

const chain = (p: PodInfo): string[] => p.ownerChain.map((o) => `${o.kind}/${o.name}`);
const workloadKeys = (inv: Inventory): string[] => inv.workloads.map((w) => workloadKey(w));

/** Synthetic objects (written here, not from a dump) for the CronJob cases the samples lack. */
function synthetic(yaml: string): K8sObject[] {
  return parseMetadataText(yaml, 'synthetic.yaml').objects;
}

const JOB_POD = `
apiVersion: v1
kind: Pod
metadata:
  name: backup-28473120-x7k2p
  namespace: ops
  labels: {app: backup, job-name: backup-28473120, controller-uid: 5d1e}
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: backup-28473120, controller: true}]
status: {phase: Succeeded, podIP: 10.244.1.9, startTime: "2024-06-01T10:00:02Z",
  containerStatuses: [{name: b, state: {terminated: {finishedAt: "2024-06-01T10:00:40Z"}}}]}
`;
const CRONJOB = `
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: ops}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: backup, tier: ops}}
`;

describe('buildInventory: pods and owner chains (real dumps)', () => {
  it('rolls pods up through their ReplicaSet to the Deployment objects of the dump', () => {
    const inv = inventoryOf(
      'onlineboutique_with_replicas_deployment.yaml',
      'onlineboutique_with_replicas_pods.yaml',
    );
    const p = pod(inv, 'adservice-77d5cd745d-hq5fd');
    expect(p.owner).toEqual({ kind: 'Deployment', name: 'adservice' });
    expect(chain(p)).toEqual(['ReplicaSet/adservice-77d5cd745d', 'Deployment/adservice']);
    expect(p.ips).toEqual(['10.244.120.81']);
    const ad = inv.workloads.find((w) => w.name === 'adservice');
    expect(ad?.synthesized).toBeUndefined();
    expect(ad?.selector).toEqual({ matchLabels: { app: 'adservice' } });
    expect(inv.workloads).toHaveLength(12);
    expect(inv.pods.filter((x) => x.owner.name === 'loadgenerator')).toHaveLength(3);
  });

  it('falls back to the pod-template-hash when the ReplicaSet and Deployment are missing', () => {
    const inv = inventoryOf(...SERVICES_DUMP);
    const p = pod(inv, 'ingress-nginx-controller-6d5f55986b-5twct');
    expect(chain(p)).toEqual([
      'ReplicaSet/ingress-nginx-controller-6d5f55986b',
      'Deployment/ingress-nginx-controller',
    ]);
    const demo = inv.workloads.find((w) => w.kind === 'Deployment' && w.name === 'demo');
    expect(demo).toMatchObject({ namespace: 'default', synthesized: true });
    expect(demo?.selector).toBeUndefined();
    expect({ ...demo?.templateLabels }).toEqual({ app: 'demo' });
  });

  it('keeps Job, DaemonSet, static (Node-owned) and bare pods apart', () => {
    const inv = inventoryOf(...SERVICES_DUMP);
    expect(pod(inv, 'ingress-nginx-admission-create-jxzfd').owner).toEqual({
      kind: 'Job',
      name: 'ingress-nginx-admission-create',
    });
    expect(pod(inv, 'kube-proxy-tvq9q').owner).toEqual({ kind: 'DaemonSet', name: 'kube-proxy' });
    const etcd = pod(inv, 'etcd-minikube');
    expect(etcd.owner).toEqual({ kind: 'Pod', name: 'etcd-minikube' });
    expect(etcd.ownerChain).toEqual([]);
    expect(pod(inv, 'storage-provisioner').owner).toEqual({
      kind: 'Pod',
      name: 'storage-provisioner',
    });
    expect(workloadKeys(inv)).toEqual([
      'DaemonSet/kube-system/kube-proxy',
      'Deployment/default/demo',
      'Deployment/ingress-nginx/ingress-nginx-controller',
      'Deployment/kube-system/coredns',
      'Job/ingress-nginx/ingress-nginx-admission-create',
      'Job/ingress-nginx/ingress-nginx-admission-patch',
      'Pod/kube-system/etcd-minikube',
      'Pod/kube-system/kube-apiserver-minikube',
      'Pod/kube-system/kube-controller-manager-minikube',
      'Pod/kube-system/kube-scheduler-minikube',
      'Pod/kube-system/storage-provisioner',
    ]);
  });

  it('reads StatefulSet and DaemonSet pods of a live cluster (BOM file)', () => {
    const inv = inventoryOf(
      'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_depl.yaml',
    );
    expect(pod(inv, 'loki-0').owner).toEqual({ kind: 'StatefulSet', name: 'loki' });
    const loki = inv.workloads.find((w) => w.kind === 'StatefulSet');
    expect(loki?.templateLabels).not.toHaveProperty('statefulset.kubernetes.io/pod-name');
    expect(loki?.templateLabels).not.toHaveProperty('controller-revision-hash');
    expect(loki?.templateLabels?.['app.kubernetes.io/name']).toBe('loki');
    expect(pod(inv, 'envoy-mb476').owner).toEqual({ kind: 'DaemonSet', name: 'envoy' });
    expect(inv.workloads.filter((w) => w.synthesized !== true)).toHaveLength(16);
  });

  it('records pod lifetimes, phases, hostNetwork and every container port', () => {
    const inv = inventoryOf(...SERVICES_DUMP);
    const job = pod(inv, 'ingress-nginx-admission-patch-bg8tm');
    expect(job.phase).toBe('Succeeded');
    expect(job.startTime).toBe(at('2022-01-27T18:07:04Z'));
    expect(job.endTime).toBe(at('2022-01-27T18:07:11Z'));
    expect(pod(inv, 'demo-764c97f6fd-452fq').endTime).toBeUndefined();
    const dns = pod(inv, 'coredns-64897985d-ms7j4');
    expect(dns.containerPorts).toEqual([
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
    ]);
    const proxy = pod(inv, 'kube-proxy-tvq9q');
    expect([proxy.hostNetwork, proxy.nodeName, proxy.hostIP]).toEqual([
      true,
      'minikube',
      '192.168.49.2',
    ]);
  });

  it('reads typed-list DaemonSet pods whose items carry no kind', () => {
    const inv = inventoryOf('semanticDiff-same-topologies-old1_bank_pod_list.json');
    expect(inv.pods.map((p) => `${p.name}:${p.owner.kind}/${p.owner.name}`)).toEqual([
      'account-command:DaemonSet/cog-agents-account-command',
      'account-query:DaemonSet/cog-agents-account-query',
      'bank-ui:DaemonSet/cog-agents-bank-ui',
    ]);
  });
});

describe('buildInventory: Jobs and CronJobs (synthetic objects)', () => {
  it('rolls a Job pod up to the CronJob named by the Job name when the CronJob is known', () => {
    const inv = buildInventory(synthetic(`${JOB_POD}\n---\n${CRONJOB}`), 'c').inventory;
    expect(inv.pods[0]?.owner).toEqual({ kind: 'CronJob', name: 'backup' });
    expect(inv.pods[0]?.endTime).toBe(at('2024-06-01T10:00:40Z'));
    const cj = inv.workloads.find((w) => w.kind === 'CronJob');
    expect(cj?.selector).toBeUndefined();
    expect(cj?.templateLabels).toEqual({ app: 'backup', tier: 'ops' });
  });

  it('keeps the Job as top owner when no CronJob is known', () => {
    const inv = buildInventory(synthetic(JOB_POD), 'c').inventory;
    expect(inv.pods[0]?.owner).toEqual({ kind: 'Job', name: 'backup-28473120' });
    expect(inv.workloads[0]?.templateLabels).toEqual({ app: 'backup' });
  });

  it('follows a Job object that has the CronJob ownerReference', () => {
    const job = `
apiVersion: batch/v1
kind: Job
metadata:
  name: backup-28473120
  namespace: ops
  ownerReferences: [{kind: CronJob, name: nightly, controller: true}]
spec: {selector: {matchLabels: {controller-uid: 5d1e}}}
`;
    const inv = buildInventory(synthetic(`${JOB_POD}\n---\n${job}`), 'c').inventory;
    expect(chain(inv.pods[0] as PodInfo)).toEqual(['Job/backup-28473120', 'CronJob/nightly']);
    expect(inv.workloads.find((w) => w.kind === 'Job')?.owner).toEqual({
      kind: 'CronJob',
      name: 'nightly',
    });
  });
});

describe('buildInventory: Services, endpoints, nodes, namespaces', () => {
  it('normalises Services: namespace default, targetPort and protocol defaults, headless', () => {
    const inv = inventoryOf(
      'k8s_ingress_test_services.yaml',
      'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_services.yaml',
    );
    const details = inv.services.find((s) => s.name === 'details');
    expect(details).toMatchObject({
      namespace: 'default',
      type: 'ClusterIP',
      clusterIPs: [],
      headless: false,
    });
    expect(details?.ports).toEqual([
      { name: 'http', port: 9080, targetPort: 9080, protocol: 'TCP' },
    ]);
    const memberlist = inv.services.find((s) => s.name === 'loki-memberlist');
    expect(memberlist).toMatchObject({ headless: true, clusterIPs: [] });
    const nginx = inv.services.find((s) => s.name === 'ingress-nginx-controller');
    expect(nginx?.ports[0]).toEqual({
      name: 'http',
      port: 80,
      targetPort: 'http',
      protocol: 'TCP',
      nodePort: 30308,
    });
    expect(inv.services.find((s) => s.name === 'kubernetes')?.selector).toBeUndefined();
  });

  it('reads Endpoints and EndpointSlices (synthetic objects)', () => {
    const objs = synthetic(`
apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: shop}
subsets:
- addresses: [{ip: 10.0.0.5, targetRef: {kind: Pod, name: db-0}}]
  notReadyAddresses: [{ip: 10.0.0.6}]
  ports: [{name: pg, port: 5432}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-x1, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
endpoints: [{addresses: [10.0.0.7], conditions: {ready: false}, nodeName: n1}]
ports: [{name: pg, port: 5432, protocol: TCP}]
`);
    const inv = buildInventory(objs, 'c').inventory;
    expect(inv.endpoints).toEqual([
      {
        kind: 'EndpointSlice',
        namespace: 'shop',
        name: 'db-x1',
        service: 'db',
        subsets: [
          {
            addresses: [{ ip: '10.0.0.7', ready: false, nodeName: 'n1' }],
            ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
          },
        ],
      },
      {
        kind: 'Endpoints',
        namespace: 'shop',
        name: 'db',
        service: 'db',
        subsets: [
          {
            addresses: [
              {
                ip: '10.0.0.5',
                ready: true,
                targetRef: { kind: 'Pod', name: 'db-0', namespace: 'shop' },
              },
              { ip: '10.0.0.6', ready: false },
            ],
            ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
          },
        ],
      },
    ]);
  });

  it('synthesises nodes from pods (hostIP) and namespaces from namespaced objects', () => {
    const inv = inventoryOf(...SERVICES_DUMP);
    expect(inv.nodes).toEqual([
      {
        name: 'minikube',
        addresses: [{ type: 'InternalIP', address: '192.168.49.2' }],
        podCIDRs: [],
        synthesized: true,
      },
    ]);
    expect(inv.namespaces.map((n) => [n.name, { ...n.labels }, n.synthesized])).toEqual([
      ['default', { 'kubernetes.io/metadata.name': 'default' }, true],
      ['ingress-nginx', { 'kubernetes.io/metadata.name': 'ingress-nginx' }, true],
      ['kube-system', { 'kubernetes.io/metadata.name': 'kube-system' }, true],
    ]);
  });

  it('keeps Namespace labels and adds kubernetes.io/metadata.name where missing', () => {
    const inv = inventoryOf(
      'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_ns_list.yaml',
    );
    const def = inv.namespaces.find((n) => n.name === 'default');
    expect({ ...def?.labels }).toEqual({
      'istio-injection': 'enabled',
      'kubernetes.io/metadata.name': 'default',
    });
    const old = buildInventory(
      synthetic('kind: Namespace\nmetadata: {name: legacy}\n'),
      'c',
    ).inventory;
    expect({ ...old.namespaces[0]?.labels }).toEqual({ 'kubernetes.io/metadata.name': 'legacy' });
    expect(old.namespaces[0]?.synthesized).toBeUndefined();
  });

  it('reads real Node objects with addresses and pod CIDRs (synthetic Node)', () => {
    const inv = buildInventory(
      synthetic(`
kind: Node
metadata: {name: minikube, labels: {kubernetes.io/os: linux}}
spec: {podCIDR: 10.244.0.0/24, podCIDRs: [10.244.0.0/24, "fd00:10:244::/64"]}
status: {addresses: [{type: InternalIP, address: 192.168.49.2}, {type: Hostname, address: minikube}]}
`),
      'c',
    ).inventory;
    expect(inv.nodes[0]).toMatchObject({
      name: 'minikube',
      podCIDRs: ['10.244.0.0/24', 'fd00:10:244::/64'],
      addresses: [
        { type: 'InternalIP', address: '192.168.49.2' },
        { type: 'Hostname', address: 'minikube' },
      ],
    });
  });
});

describe('buildInventory: NetworkPolicies', () => {
  it('normalises the real Online Boutique policies', () => {
    const inv = inventoryOf('onlineboutique_netpols.yaml');
    expect(inv.networkPolicies).toHaveLength(11);
    const ad = inv.networkPolicies.find((p) => p.metadata.name === 'adservice-netpol');
    expect(ad).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'adservice-netpol', namespace: 'default' },
      spec: {
        podSelector: { matchLabels: { app: 'adservice' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'frontend' } } }],
            ports: [{ protocol: 'TCP', port: 9555 }],
          },
        ],
        egress: [],
      },
    });
  });

  it('defaults policyTypes as the apiserver does and ignores non-Kubernetes NetworkPolicies', () => {
    const { inventory, diagnostics } = buildInventory(
      synthetic(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-only, namespace: a}
spec:
  podSelector: {}
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: dns, protocol: UDP}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: plain, namespace: a}
spec: {podSelector: {matchExpressions: [{key: tier, operator: In, values: [web]}]}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: calico, namespace: a}
spec: {selector: all()}
`),
      'c',
    );
    expect(inventory.networkPolicies.map((p) => [p.metadata.name, p.spec.policyTypes])).toEqual([
      ['egress-only', ['Ingress', 'Egress']],
      ['plain', ['Ingress']],
    ]);
    expect(inventory.networkPolicies[0]?.spec.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
        ports: [{ protocol: 'UDP', port: 'dns' }],
      },
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['NP-META-OBJECT', 'info', 13],
    ]);
  });

  it('drops a rule whose peers are all unreadable instead of widening it to every peer', () => {
    const { inventory, diagnostics } = buildInventory(
      synthetic(`
kind: NetworkPolicy
metadata: {name: p, namespace: a}
spec:
  podSelector: {}
  ingress: [{from: [{ipBlock: {}}]}, {from: [{podSelector: {}}]}]
`),
      'c',
    );
    expect(inventory.networkPolicies[0]?.spec.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
    expect(diagnostics.map((d) => d.code)).toEqual(['NP-META-OBJECT', 'NP-META-OBJECT']);
  });
});

describe('buildInventory: bad objects and labels', () => {
  it('reports objects without a name with their file and line', () => {
    const objs = parseMetadataText(
      'kind: Pod\nmetadata: {}\n---\nkind: Service\nmetadata: {name: s}\n',
      'f.yaml',
    ).objects;
    const { inventory, diagnostics } = buildInventory(objs, 'c');
    expect(inventory.services).toHaveLength(1);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'NP-META-OBJECT',
        file: 'f.yaml',
        line: 1,
        severity: 'warning',
      }),
    ]);
  });

  it('keeps `__proto__` label keys as ordinary labels', () => {
    const objs = parseMetadataText(
      '{"kind":"Pod","metadata":{"name":"p","labels":{"__proto__":"x","app":"a"}}}',
      'p.json',
    ).objects;
    const p = buildInventory(objs, 'c').inventory.pods[0] as PodInfo;
    expect(Object.keys(p.labels).sort()).toEqual(['__proto__', 'app']);
    expect(p.labels['__proto__']).toBe('x');
    expect(({} as Record<string, unknown>).app).toBeUndefined();
  });

  it('lists the volatile labels controllers stamp on pods', () => {
    for (const l of [
      'pod-template-hash',
      'controller-revision-hash',
      'statefulset.kubernetes.io/pod-name',
      'controller-uid',
      'batch.kubernetes.io/controller-uid',
      'job-name',
      'batch.kubernetes.io/job-name',
      'apps.kubernetes.io/pod-index',
    ]) {
      expect(VOLATILE_LABELS).toContain(l);
    }
  });
});

describe('mergeInventories', () => {
  it('lets a CronJob from a later file adopt the Job pods of an earlier one', () => {
    const a = buildInventory(synthetic(JOB_POD), 'c').inventory;
    const b = buildInventory(synthetic(CRONJOB), 'c').inventory;
    const merged = mergeInventories(a, b);
    expect(merged.pods[0]?.owner).toEqual({ kind: 'CronJob', name: 'backup' });
    expect(workloadKeys(merged)).toEqual(['CronJob/ops/backup']);
  });

  it('prefers real objects over synthesised ones, whatever the order', () => {
    const pods = inventoryOf('onlineboutique_with_replicas_pods.yaml');
    const deps = inventoryOf('onlineboutique_with_replicas_deployment.yaml');
    for (const merged of [mergeInventories(pods, deps), mergeInventories(deps, pods)]) {
      expect(merged.workloads).toHaveLength(12);
      expect(
        merged.workloads.every((w) => w.synthesized !== true && w.selector !== undefined),
      ).toBe(true);
      expect(merged.pods).toHaveLength(14);
    }
  });

  it('deduplicates by name with the later object winning, but keeps pods of different uids', () => {
    const [first] = objectsOf('services_pods_list.yaml').filter(
      (o) => o.metadata?.name === 'demo-764c97f6fd-452fq',
    );
    const later = JSON.parse(JSON.stringify(first)) as K8sObject;
    (later.status as { podIP: string; podIPs: unknown }).podIP = '172.17.0.9';
    (later.status as { podIPs: unknown }).podIPs = [{ ip: '172.17.0.9' }];
    const a = buildInventory([first as K8sObject], 'c').inventory;
    const same = mergeInventories(a, buildInventory([later], 'c').inventory);
    expect(same.pods.map((p) => p.ips)).toEqual([['172.17.0.9']]);
    (later.metadata as { uid: string }).uid = 'another-uid';
    const recreated = mergeInventories(a, buildInventory([later], 'c').inventory);
    expect(recreated.pods.map((p) => p.ips[0]).sort()).toEqual(['172.17.0.4', '172.17.0.9']);
  });
});
