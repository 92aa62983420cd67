/**
 * Renders the synthetic cluster as `kubectl get ns,nodes,pods,svc,deploy,rs,ds,sts,cronjobs,jobs
 * -A -o json` would: one `List` with the fields the inventory reads (and a few it ignores).
 */
import type { SimCluster, SimPod, SimService, SimWorkload } from './cluster';

const CREATED = '2024-05-01T08:00:00Z';

export function clusterDump(c: SimCluster): unknown {
  const items: unknown[] = [
    ...c.namespaces.map((ns) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { 'kubernetes.io/metadata.name': ns },
        creationTimestamp: CREATED,
      },
      status: { phase: 'Active' },
    })),
    ...c.nodes.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        labels: {
          'kubernetes.io/hostname': n.name,
          'topology.kubernetes.io/zone': `eu-west-1${'abc'[n.index % 3]}`,
        },
      },
      spec: { podCIDR: n.podCidr, podCIDRs: [n.podCidr] },
      status: {
        addresses: [
          { type: 'InternalIP', address: n.ip },
          { type: 'Hostname', address: n.name },
        ],
      },
    })),
    ...c.workloads.flatMap(workloadObjects),
    ...c.pods.map(podObject),
    ...c.workloads.flatMap((w) => w.services.map((s) => serviceObject(s, w))),
  ];
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

function template(w: SimWorkload): unknown {
  return {
    metadata: { labels: w.labels },
    spec: { containers: [container(w)] },
  };
}

function container(w: SimWorkload): unknown {
  const ports =
    w.port > 0 ? [{ name: w.portName, containerPort: w.port, protocol: w.protocol }] : undefined;
  return { name: w.name, image: `registry.example.com/${w.namespace}/${w.name}:1.0`, ports };
}

function workloadObjects(w: SimWorkload): unknown[] {
  const meta = {
    name: w.name,
    namespace: w.namespace,
    labels: w.labels,
    creationTimestamp: CREATED,
  };
  const selector = { matchLabels: w.labels };
  if (w.kind === 'CronJob') {
    const jobTemplate = { spec: { template: template(w) } };
    return [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: meta,
        spec: { schedule: '0 * * * *', jobTemplate },
      },
      ...w.jobs.map((j) => ({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: j,
          namespace: w.namespace,
          labels: { 'job-name': j },
          ownerReferences: [ownerRef('batch/v1', 'CronJob', w.name)],
        },
        spec: { selector: { matchLabels: { 'job-name': j } }, template: template(w) },
      })),
    ];
  }
  const api = 'apps/v1';
  const out: unknown[] = [
    { apiVersion: api, kind: w.kind, metadata: meta, spec: { selector, template: template(w) } },
  ];
  if (w.kind === 'Deployment') {
    out.push({
      apiVersion: api,
      kind: 'ReplicaSet',
      metadata: {
        name: `${w.name}-${w.hash}`,
        namespace: w.namespace,
        labels: { ...w.labels, 'pod-template-hash': w.hash },
        ownerReferences: [ownerRef(api, 'Deployment', w.name)],
      },
      spec: {
        selector: { matchLabels: { ...w.labels, 'pod-template-hash': w.hash } },
        template: template(w),
      },
    });
  }
  return out;
}

function ownerRef(apiVersion: string, kind: string, name: string): unknown {
  return {
    apiVersion,
    kind,
    name,
    controller: true,
    blockOwnerDeletion: true,
    uid: `uid-${kind}-${name}`,
  };
}

function podObject(p: SimPod): unknown {
  const w = p.workload;
  const api = p.owner.kind === 'Job' ? 'batch/v1' : 'apps/v1';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: p.labels,
      ownerReferences: [ownerRef(api, p.owner.kind, p.owner.name)],
      creationTimestamp: CREATED,
    },
    spec: { nodeName: p.node.name, containers: [container(w)] },
    status: {
      phase: w.kind === 'CronJob' ? 'Succeeded' : 'Running',
      hostIP: p.node.ip,
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      startTime: CREATED,
    },
  };
}

function serviceObject(s: SimService, w: SimWorkload): unknown {
  const ports = [
    { name: w.portName || 'p', port: s.port, targetPort: s.targetPort, protocol: s.protocol },
  ];
  if (s.name === 'kube-dns')
    ports.push({ name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: s.namespace, labels: w.labels },
    spec: {
      type: 'ClusterIP',
      clusterIP: s.clusterIP ?? 'None',
      clusterIPs: [s.clusterIP ?? 'None'],
      selector: w.labels,
      ports,
    },
  };
}
