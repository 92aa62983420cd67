/**
 * Typed builders for aggregation tests: flow records, small kubectl dumps written as YAML, and
 * the inventory/index they give. Real samples are read from tests/fixtures/analyze/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import type { Inventory } from '../../../../src/lib/engine/model/k8s';
import {
  buildInventory,
  indexInventory,
  parseMetadataText,
  type InventoryIndex,
} from '../../../../src/lib/engine/inventory/index';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';

export const FIXTURES = join(__dirname, '../../../fixtures/analyze');

export function fixtureText(...path: string[]): string {
  return readFileSync(join(FIXTURES, ...path), 'utf8');
}

/** A flow record with test defaults (format `test`, TCP, no time). */
export function flow(r: Partial<FlowRecord>): FlowRecord {
  return { format: 'test', time: null, proto: 'TCP', ...r };
}

/** A Hubble flow record from one line of a real sample (replies kept). */
export function hubbleLine(text: string): FlowRecord {
  const parsed = parseFlowText(text, 'line.json');
  const r = parsed.records[0];
  if (!r || parsed.records.length !== 1)
    throw new Error(`expected one record, got ${parsed.records.length}`);
  return r;
}

export function inventoryFromYaml(yaml: string, cluster = 'default'): Inventory {
  const parsed = parseMetadataText(yaml, 'test.yaml');
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(JSON.stringify(parsed.diagnostics));
  }
  return buildInventory(parsed.objects, cluster).inventory;
}

export function indexFromYaml(yaml: string): InventoryIndex {
  return indexInventory(inventoryFromYaml(yaml));
}

export const EMPTY_INDEX: InventoryIndex = indexFromYaml('');

/**
 * A small shop: Deployment `web` (2 pods) calls Deployment `api` through Service `api`
 * (port 80 → named targetPort http = 8080); `api` is also selected by the headless Service
 * `api-headless`; CronJob `report` (one Job, one pod) and a bare Job `migrate` call `api` too;
 * a node with one hostNetwork DaemonSet pod.
 */
export const SHOP = `
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}}
- apiVersion: v1
  kind: Node
  metadata: {name: node-a}
  spec: {podCIDR: 10.1.0.0/24}
  status: {addresses: [{type: InternalIP, address: 192.168.0.10}]}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata: {name: web-5d8f7c9b6d, namespace: shop, ownerReferences: [{kind: Deployment, name: web, controller: true}]}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec: {selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}}}
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata: {name: api-7c9d8b5f4c, namespace: shop, ownerReferences: [{kind: Deployment, name: api, controller: true}]}
- apiVersion: batch/v1
  kind: CronJob
  metadata: {name: report, namespace: shop}
  spec: {schedule: "0 * * * *", jobTemplate: {spec: {template: {metadata: {labels: {app: report}}}}}}
- apiVersion: batch/v1
  kind: Job
  metadata: {name: report-28900000, namespace: shop, ownerReferences: [{kind: CronJob, name: report, controller: true}]}
  spec: {selector: {matchLabels: {job-name: report-28900000}}}
- apiVersion: batch/v1
  kind: Job
  metadata: {name: migrate, namespace: shop}
  spec: {selector: {matchLabels: {job-name: migrate}}}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-5d8f7c9b6d-x2x4k, namespace: shop, labels: {app: web, pod-template-hash: 5d8f7c9b6d},
    ownerReferences: [{kind: ReplicaSet, name: web-5d8f7c9b6d, controller: true}]}
  spec: {nodeName: node-a, containers: [{name: web, ports: [{name: http, containerPort: 3100, protocol: TCP}]}]}
  status: {phase: Running, podIP: 10.1.0.11}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-5d8f7c9b6d-q9z7p, namespace: shop, labels: {app: web, pod-template-hash: 5d8f7c9b6d},
    ownerReferences: [{kind: ReplicaSet, name: web-5d8f7c9b6d, controller: true}]}
  spec: {nodeName: node-a, containers: [{name: web, ports: [{name: http, containerPort: 3100, protocol: TCP}]}]}
  status: {phase: Running, podIP: 10.1.0.12}
- apiVersion: v1
  kind: Pod
  metadata: {name: api-7c9d8b5f4c-m5n6b, namespace: shop, labels: {app: api, pod-template-hash: 7c9d8b5f4c},
    ownerReferences: [{kind: ReplicaSet, name: api-7c9d8b5f4c, controller: true}]}
  spec: {nodeName: node-a, containers: [{name: api, ports: [{name: http, containerPort: 8080, protocol: TCP}]}]}
  status: {phase: Running, podIP: 10.1.0.21}
- apiVersion: v1
  kind: Pod
  metadata: {name: report-28900000-k7j2w, namespace: shop, labels: {app: report, job-name: report-28900000},
    ownerReferences: [{kind: Job, name: report-28900000, controller: true}]}
  spec: {nodeName: node-a, containers: [{name: report}]}
  status: {phase: Running, podIP: 10.1.0.31}
- apiVersion: v1
  kind: Pod
  metadata: {name: migrate-p4x8z, namespace: shop, labels: {app: migrate, job-name: migrate},
    ownerReferences: [{kind: Job, name: migrate, controller: true}]}
  spec: {nodeName: node-a, containers: [{name: migrate}]}
  status: {phase: Running, podIP: 10.1.0.41}
- apiVersion: v1
  kind: Service
  metadata: {name: api, namespace: shop}
  spec: {clusterIP: 10.96.0.50, selector: {app: api}, ports: [{name: web, port: 80, targetPort: http, protocol: TCP}]}
- apiVersion: v1
  kind: Service
  metadata: {name: api-headless, namespace: shop}
  spec: {clusterIP: None, selector: {app: api}, ports: [{name: http, port: 8080, targetPort: 8080, protocol: TCP}]}
`;
