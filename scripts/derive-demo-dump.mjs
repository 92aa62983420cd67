// Derives static/samples/bookinfo-kind_cluster-dump.json: a `kubectl get … -A -o json` style List
// for the kind cluster the bundled Hubble captures come from. Pod names, IPs, namespaces and
// labels are taken from the captures themselves; Deployments, Services and selectors from
// Istio's bookinfo manifest; node addresses and clusterIPs are illustrative (kind defaults).
// Usage: node scripts/derive-demo-dump.mjs > static/samples/bookinfo-kind_cluster-dump.json
import { readFileSync } from 'node:fs';

const captures = [
  'static/samples/hubble-otel_basic-sample-400-tcp-flows.json',
  'static/samples/hubble-otel_basic-sample-400-udp-flows.json',
];
const pods = new Map();
for (const file of captures) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const flow = JSON.parse(line).flow;
    for (const [side, ip] of [
      [flow.source, flow.IP.source],
      [flow.destination, flow.IP.destination],
    ]) {
      if (!side?.pod_name || pods.has(side.pod_name)) continue;
      const labels = {};
      for (const l of side.labels ?? []) {
        if (!l.startsWith('k8s:') || l.includes('io.cilium.') || l.includes('io.kubernetes.'))
          continue;
        const [k, v] = l.slice(4).split('=');
        labels[k] = v ?? '';
      }
      pods.set(side.pod_name, { name: side.pod_name, namespace: side.namespace, ip, labels });
    }
  }
}

const T = '2021-11-10T09:00:00Z';
const nodes = [
  { name: 'kind-control-plane', ip: '172.19.0.3', cidr: '10.244.0.0/24' },
  { name: 'kind-worker', ip: '172.19.0.2', cidr: '10.244.1.0/24' },
];
const nodeOf = (ip) => (ip.startsWith('10.244.0.') ? nodes[0] : nodes[1]);
const meta = (kind, ns, name, extra = {}) => ({
  kind,
  apiVersion:
    kind === 'Pod' || kind === 'Service' || kind === 'Namespace' || kind === 'Node'
      ? 'v1'
      : 'apps/v1',
  metadata: { name, ...(ns ? { namespace: ns } : {}), creationTimestamp: T, ...extra },
});

const items = [];
for (const ns of ['bookinfo', 'jaeger', 'kube-system'])
  items.push({ ...meta('Namespace', null, ns, { labels: { 'kubernetes.io/metadata.name': ns } }) });
for (const n of nodes)
  items.push({
    ...meta('Node', null, n.name, { labels: { 'kubernetes.io/hostname': n.name } }),
    spec: { podCIDR: n.cidr, podCIDRs: [n.cidr] },
    status: {
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
    },
  });

const ports = { productpage: 9080, details: 9080, ratings: 9080, reviews: 9080 };
const deployments = new Map();
for (const p of pods.values()) {
  const parts = p.name.split('-');
  const isDs = p.name.startsWith('otelcol-hubble-collector');
  const owner = isDs ? 'otelcol-hubble-collector' : parts.slice(0, -2).join('-');
  const hash = isDs ? null : parts[parts.length - 2];
  const app = p.labels.app;
  const containerPorts =
    app && ports[app]
      ? [{ name: 'http', containerPort: ports[app], protocol: 'TCP' }]
      : p.labels['k8s-app'] === 'kube-dns'
        ? [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
          ]
        : owner === 'jaeger-default'
          ? [
              { containerPort: 16686, protocol: 'TCP' },
              { containerPort: 14250, protocol: 'TCP' },
            ]
          : [{ containerPort: 4317, protocol: 'TCP' }];
  const rs = isDs ? null : `${owner}-${hash}`;
  const podLabels = isDs
    ? { ...p.labels, 'controller-revision-hash': '5d8f7c9b6' }
    : { ...p.labels, 'pod-template-hash': hash };
  const node = nodeOf(p.ip);
  items.push({
    ...meta('Pod', p.namespace, p.name, {
      labels: podLabels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: isDs ? 'DaemonSet' : 'ReplicaSet',
          name: isDs ? owner : rs,
          controller: true,
          uid: `uid-${isDs ? owner : rs}`,
        },
      ],
    }),
    spec: { nodeName: node.name, containers: [{ name: app ?? owner, ports: containerPorts }] },
    status: {
      phase: 'Running',
      hostIP: node.ip,
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      startTime: T,
    },
  });
  if (isDs) {
    deployments.set(owner, { kind: 'DaemonSet', ns: p.namespace, labels: p.labels });
    continue;
  }
  deployments.set(owner, { kind: 'Deployment', ns: p.namespace, labels: p.labels, rs, hash });
}
for (const [name, d] of deployments) {
  const sel = Object.fromEntries(
    Object.entries(d.labels).filter(([k]) => k !== 'sidecar.opentelemetry.io/injected'),
  );
  items.push({
    ...meta(d.kind, d.ns, name, { labels: sel }),
    spec: {
      selector: { matchLabels: sel },
      template: { metadata: { labels: d.labels }, spec: { containers: [{ name }] } },
    },
  });
  if (d.rs)
    items.push({
      ...meta('ReplicaSet', d.ns, d.rs, {
        labels: { ...sel, 'pod-template-hash': d.hash },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name, controller: true, uid: `uid-${name}` },
        ],
      }),
      spec: { selector: { matchLabels: { ...sel, 'pod-template-hash': d.hash } } },
    });
}
let ipn = 20;
for (const app of Object.keys(ports))
  items.push({
    ...meta('Service', 'bookinfo', app, { labels: { app, service: app } }),
    spec: {
      type: 'ClusterIP',
      clusterIP: `10.96.0.${ipn}`,
      clusterIPs: [`10.96.0.${ipn++}`],
      selector: { app },
      ports: [{ name: 'http', port: 9080, targetPort: 9080, protocol: 'TCP' }],
    },
  });
items.push({
  ...meta('Service', 'kube-system', 'kube-dns', { labels: { 'k8s-app': 'kube-dns' } }),
  spec: {
    type: 'ClusterIP',
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    selector: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
    ],
  },
});
process.stdout.write(
  JSON.stringify(
    { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items },
    null,
    1,
  ) + '\n',
);
