/**
 * Workload objects' pod-template container ports (WorkloadInfo.templateContainerPorts): read
 * from the real netpol-analyzer case `netpol_named_port_test` (tests/fixtures/netpol-cases, see
 * its SOURCES.md), a synthetic CronJob, and the named port they let a policy resolve.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInventory, parseMetadataText } from '../../../../src/lib/engine/inventory/index';
import {
  computeConnectivity,
  connectivityContext,
  formatConnlistText,
} from '../../../../src/lib/engine/evaluate/index';
import type { Inventory, WorkloadInfo } from '../../../../src/lib/engine/model/k8s';

const CASE = join(
  import.meta.dirname,
  '../../../fixtures/netpol-cases/tests/netpol_named_port_test',
);
const PODS = readFileSync(join(CASE, 'pods.yaml'), 'utf8');

function inventoryOf(...texts: string[]): Inventory {
  const objects = texts.flatMap((t, i) => parseMetadataText(t, `f${i}.yaml`).objects);
  return buildInventory(objects, 'test').inventory;
}

function workload(inv: Inventory, kind: string, name: string): WorkloadInfo | undefined {
  return inv.workloads.find((w) => w.kind === kind && w.name === name);
}

describe('readWorkload: pod template container ports', () => {
  it('reads the containers of a Deployment template (real case netpol_named_port_test)', () => {
    const inv = inventoryOf(PODS);
    // pod-a's second port says `containerport` (lower case): not a containerPort, skipped.
    expect(workload(inv, 'Deployment', 'pod-a')?.templateContainerPorts).toEqual([
      { name: 'newport', containerPort: 8956, protocol: 'SCTP' },
    ]);
    expect(workload(inv, 'Deployment', 'new-pod')?.templateContainerPorts).toEqual([
      { containerPort: 8956, protocol: 'SCTP' },
      { containerPort: 8050, protocol: 'TCP' },
      { containerPort: 8090, protocol: 'TCP' },
    ]);
  });

  it("reads a CronJob's job template, without plain init containers (synthetic CronJob)", () => {
    const cronJob = `
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: ops}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec:
          initContainers:
          - {name: wait, ports: [{name: wait, containerPort: 9999}]}
          - {name: proxy, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001}]}
          containers:
          - {name: main, ports: [{name: http, containerPort: 8080}, {containerPort: 53, protocol: udp}]}
`;
    expect(workload(inventoryOf(cronJob), 'CronJob', 'report')?.templateContainerPorts).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP' },
      { name: 'proxy', containerPort: 15001, protocol: 'TCP' },
    ]);
  });

  it('leaves the field out when the template declares no port', () => {
    const job = `
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: ops}
spec: {template: {metadata: {labels: {app: once}}, spec: {containers: [{name: c}]}}}
`;
    const w = workload(inventoryOf(job), 'Job', 'once');
    expect(w?.templateLabels).toEqual({ app: 'once' });
    expect(w).not.toHaveProperty('templateContainerPorts');
  });

  it("lets a policy's named port resolve on a workload object's template", () => {
    // The real case with its policy's protocol changed from UDP to SCTP (so the name matches).
    const policy = readFileSync(join(CASE, 'netpol.yaml'), 'utf8').replace(
      'protocol: UDP',
      'protocol: SCTP',
    );
    const inv = inventoryOf(PODS, policy);
    const text = formatConnlistText(
      computeConnectivity(connectivityContext(inv, { ipBlockMatchesPods: false })),
    );
    expect(text).toContain(
      'helloworld/new-pod[Deployment] => helloworld/pod-a[Deployment] : SCTP 8956\n',
    );
    expect(text.split('\n').filter((l) => l.includes('=> helloworld/pod-a'))).toHaveLength(1);
  });
});
