// Derives tests/fixtures/namespace/bookinfo-kinds/: the demo's bookinfo namespace with one
// workload of each kind a namespace bundle must cover. From the demo dump and captures
// (static/samples, see SOURCES.md there): details-v1 becomes a StatefulSet (pod details-v1-0),
// reviews-v1 a CronJob (its Job reviews-v1-28340520 and pod reviews-v1-28340520-x7k2p) and
// reviews-v3 a standalone Job (pod reviews-v3-q8nzv); productpage-v1, ratings-v1 and reviews-v2
// stay Deployments. Pod names are replaced in the TCP capture too; every other byte is kept.
// Usage: node scripts/derive-namespace-fixture.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const OUT = 'tests/fixtures/namespace/bookinfo-kinds';
const T = '2021-11-10T09:00:00Z';
const RENAMES = {
  'details-v1-79f774bdb9-m4j4k': {
    pod: 'details-v1-0',
    owner: { kind: 'StatefulSet', name: 'details-v1', apiVersion: 'apps/v1' },
    labels: {
      'controller-revision-hash': 'details-v1-6d4bb9c7f8',
      'statefulset.kubernetes.io/pod-name': 'details-v1-0',
    },
  },
  'reviews-v1-545db77b95-j2n72': {
    pod: 'reviews-v1-28340520-x7k2p',
    owner: { kind: 'Job', name: 'reviews-v1-28340520', apiVersion: 'batch/v1' },
    cronJob: 'reviews-v1',
    labels: jobLabels('reviews-v1-28340520', 'b7c2e1d4-5f6a-4c3b-9e8d-2a1f0c9b8e71'),
  },
  'reviews-v3-84779c7bbc-6x8gl': {
    pod: 'reviews-v3-q8nzv',
    owner: { kind: 'Job', name: 'reviews-v3', apiVersion: 'batch/v1' },
    labels: jobLabels('reviews-v3', 'e4a9c3f2-1b7d-4e6a-8c5f-3d2b1a0e9f47'),
  },
};

function jobLabels(job, uid) {
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': job,
    'controller-uid': uid,
    'job-name': job,
  };
}

const renamedWorkloads = new Set(['details-v1', 'reviews-v1', 'reviews-v3']);
const dump = JSON.parse(readFileSync('static/samples/bookinfo-kind_cluster-dump.json', 'utf8'));
const items = [];
for (const item of dump.items) {
  const m = item.metadata;
  const owner =
    item.kind === 'Deployment'
      ? m.name
      : item.kind === 'ReplicaSet'
        ? m.ownerReferences?.[0]?.name
        : null;
  if (m.namespace === 'bookinfo' && owner && renamedWorkloads.has(owner)) continue;
  const r = item.kind === 'Pod' ? RENAMES[m.name] : undefined;
  if (!r) {
    items.push(item);
    continue;
  }
  const { 'pod-template-hash': _hash, ...labels } = m.labels;
  items.push({
    ...item,
    metadata: {
      ...m,
      name: r.pod,
      labels: { ...labels, ...r.labels },
      ownerReferences: [
        {
          apiVersion: r.owner.apiVersion,
          kind: r.owner.kind,
          name: r.owner.name,
          controller: true,
          uid: `uid-${r.owner.name}`,
        },
      ],
    },
  });
  items.push(...controllers(r, labels));
}

function controllers(r, labels) {
  const { 'sidecar.opentelemetry.io/injected': _sidecar, ...selector } = labels;
  const template = { metadata: { labels }, spec: { containers: [{ name: labels.app }] } };
  const meta = (kind, apiVersion, name, extra = {}) => ({
    kind,
    apiVersion,
    metadata: { name, namespace: 'bookinfo', creationTimestamp: T, labels: selector, ...extra },
  });
  if (r.owner.kind === 'StatefulSet') {
    return [
      {
        ...meta('StatefulSet', 'apps/v1', r.owner.name),
        spec: { serviceName: 'details', selector: { matchLabels: selector }, template },
      },
    ];
  }
  const uid = r.labels['controller-uid'];
  const job = {
    ...meta(
      'Job',
      'batch/v1',
      r.owner.name,
      r.cronJob
        ? {
            ownerReferences: [
              {
                apiVersion: 'batch/v1',
                kind: 'CronJob',
                name: r.cronJob,
                controller: true,
                uid: `uid-${r.cronJob}`,
              },
            ],
          }
        : {},
    ),
    spec: {
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: {
        metadata: { labels: { ...labels, ...r.labels } },
        spec: { containers: [{ name: labels.app }], restartPolicy: 'Never' },
      },
    },
    status: { active: 1, startTime: T },
  };
  if (!r.cronJob) return [job];
  const cron = {
    ...meta('CronJob', 'batch/v1', r.cronJob),
    spec: {
      schedule: '*/30 * * * *',
      jobTemplate: {
        spec: { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } },
      },
    },
  };
  return [cron, job];
}

writeFileSync(`${OUT}/cluster-dump.json`, JSON.stringify({ ...dump, items }, null, 1) + '\n');
// The UDP capture (DNS of productpage and ratings) names none of the renamed pods: it is used as is.
let tcp = readFileSync('static/samples/hubble-otel_basic-sample-400-tcp-flows.json', 'utf8');
for (const [old, r] of Object.entries(RENAMES)) tcp = tcp.split(`"${old}"`).join(`"${r.pod}"`);
writeFileSync(`${OUT}/hubble-tcp-flows.json`, tcp);
