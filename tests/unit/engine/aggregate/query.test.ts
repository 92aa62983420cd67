import { describe, expect, it } from 'vitest';
import { addFlow, createAggregation, finish } from '../../../../src/lib/engine/aggregate/aggregate';
import {
  activityHistogram,
  queryCommunications,
  type QueryInput,
} from '../../../../src/lib/engine/aggregate/query';
import { listWorkloads } from '../../../../src/lib/engine/aggregate/workloads';
import { indexInventory } from '../../../../src/lib/engine/inventory/index';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import type { FlowRecord } from '../../../../src/lib/engine/model/flow';
import { SHOP, flow, inventoryFromYaml } from './builders';

const INV = inventoryFromYaml(SHOP);
const T0 = Date.UTC(2024, 4, 6, 10, 0, 0);
const MIN = 60_000;

function conn(src: string, dst: string, dstPort: number, time: number | null): FlowRecord {
  return flow({ time, srcIp: src, srcPort: 40000, dstIp: dst, dstPort, initiator: 'src' });
}

const RECORDS: FlowRecord[] = [
  conn('10.1.0.11', '10.96.0.50', 80, T0 + 10_000), // web → api (Service port 80 → 8080)
  conn('10.1.0.12', '10.96.0.50', 80, T0 + 5 * MIN), // web (other pod) → api
  conn('10.1.0.31', '10.96.0.50', 80, T0 + MIN), // report CronJob's pod → api
  conn('10.1.0.41', '10.1.0.21', 8080, T0 + 2 * MIN), // migrate (bare Job) → api
  conn('10.1.0.21', '140.82.112.3', 443, T0 + 3 * MIN), // api → public address
  conn('10.1.0.21', '10.1.0.200', 5432, T0 + 3 * MIN), // api → unknown pod-CIDR address
  conn('10.1.0.21', '172.16.5.5', 9000, T0 + 3 * MIN), // api → private address outside the cluster
  conn('192.168.0.10', '10.1.0.21', 8080, null), // node-a (kubelet) → api, no timestamp
];

const AGGREGATES = (() => {
  const agg = createAggregation('default');
  const idx = indexInventory(INV);
  for (const r of RECORDS) addFlow(agg, idx, r);
  return finish(agg);
})();

function query(extra: Partial<QueryInput>): Communication[] {
  return queryCommunications({ aggregates: AGGREGATES, inventory: INV, entity: 'all', ...extra });
}

/** A compact view of rows: `workload direction peer port/proto flows`. */
function rows(comms: Communication[]): string[] {
  return comms.map((c) => {
    const p = c.peer;
    const peer =
      p.type === 'workload'
        ? `${p.kind}/${p.name}`
        : p.type === 'node'
          ? `node/${p.name}`
          : `${p.ip}(${p.class}${p.alias ? `,${p.alias}` : ''})`;
    return `${c.workload.kind}/${c.workload.name} ${c.direction} ${peer} ${c.port}/${c.protocol} ${c.flows}`;
  });
}

/** Peers: workloads by namespace and name, then nodes, then IPs. */
const API_INGRESS = [
  'Deployment/api ingress Job/migrate 8080/TCP 1',
  'Deployment/api ingress CronJob/report 8080/TCP 1',
  'Deployment/api ingress Deployment/web 8080/TCP 2',
  'Deployment/api ingress node/node-a 8080/TCP 1',
];
const API_EGRESS = [
  'Deployment/api egress 10.1.0.200(internal) 5432/TCP 1',
  'Deployment/api egress 140.82.112.3(external) 443/TCP 1',
  'Deployment/api egress 172.16.5.5(unknown) 9000/TCP 1',
];

describe('queryCommunications: entity types', () => {
  it('Deployment: each communication from the side of each Deployment, sorted', () => {
    expect(rows(query({ entity: 'Deployment' }))).toEqual([
      ...API_INGRESS,
      ...API_EGRESS,
      'Deployment/web egress Deployment/api 8080/TCP 2',
    ]);
  });

  it('Service: every selecting Service (headless included) gets both directions; peers stay workloads', () => {
    const asService = (name: string) => (r: string) =>
      r.replace('Deployment/api ', `Service/${name} `);
    expect(rows(query({ entity: 'Service' }))).toEqual([
      ...API_INGRESS.map(asService('api')),
      ...API_EGRESS.map(asService('api')),
      ...API_INGRESS.map(asService('api-headless')),
      ...API_EGRESS.map(asService('api-headless')),
    ]);
  });

  it('CronJob rolls its Jobs up; Job lists only Jobs without a CronJob', () => {
    expect(rows(query({ entity: 'CronJob' }))).toEqual([
      'CronJob/report egress Deployment/api 8080/TCP 1',
    ]);
    expect(rows(query({ entity: 'Job' }))).toEqual([
      'Job/migrate egress Deployment/api 8080/TCP 1',
    ]);
  });

  it('--namespace filters the selected workload, a workload filter selects one', () => {
    expect(query({ entity: 'Deployment', namespace: 'other' })).toEqual([]);
    const web = query({
      entity: 'Deployment',
      workload: { kind: 'Deployment', namespace: 'shop', name: 'web' },
    });
    expect(rows(web)).toEqual(['Deployment/web egress Deployment/api 8080/TCP 2']);
    expect(web[0]).toMatchObject({
      firstSeen: T0 + 10_000,
      lastSeen: T0 + 5 * MIN,
      via: ['shop/api'],
    });
  });

  it('merges aggregates that repeat a key (several imports) and ignores other clusters', () => {
    const other = AGGREGATES.map((a) => ({ ...a, cluster: 'other' }));
    const twice = query({
      entity: 'CronJob',
      aggregates: [...AGGREGATES, ...other, ...AGGREGATES],
    });
    expect(rows(twice)).toEqual(['CronJob/report egress Deployment/api 8080/TCP 2']);
  });

  it('classifies and aliases IP peers at query time', () => {
    const withAlias = query({
      entity: 'Deployment',
      namespace: 'shop',
      aliases: [{ cidr: '172.16.0.0/12', name: 'corp' }],
      clusterCidrs: ['172.16.5.0/24'],
    });
    expect(withAlias.filter((c) => c.peer.type === 'ip').map((c) => c.peer)).toEqual([
      { type: 'ip', ip: '10.1.0.200', class: 'internal', alias: null },
      { type: 'ip', ip: '140.82.112.3', class: 'external', alias: null },
      { type: 'ip', ip: '172.16.5.5', class: 'internal', alias: 'corp' },
    ]);
  });
});

describe('queryCommunications: time window', () => {
  it('keeps communications whose activity overlaps [from, to], recomputed from the buckets', () => {
    const out = query({ entity: 'Deployment', from: T0 + 4 * MIN, to: T0 + 6 * MIN });
    expect(rows(out)).toEqual([
      'Deployment/api ingress Deployment/web 8080/TCP 1',
      // Untimed flows (the kubelet probe) always count, without first/last seen.
      'Deployment/api ingress node/node-a 8080/TCP 1',
      'Deployment/web egress Deployment/api 8080/TCP 1',
    ]);
    expect(out[0]).toMatchObject({ firstSeen: T0 + 5 * MIN, lastSeen: T0 + 5 * MIN });
    expect(out[1]).toMatchObject({ firstSeen: null, lastSeen: null });
  });

  it('a bucket counts when its activity overlaps the window edge', () => {
    const out = query({ entity: 'CronJob', from: T0 + MIN, to: T0 + MIN });
    expect(rows(out)).toEqual(['CronJob/report egress Deployment/api 8080/TCP 1']);
    expect(query({ entity: 'CronJob', from: T0 + MIN + 1 })).toEqual([]);
    expect(query({ entity: 'CronJob', to: T0 + MIN - 1 })).toEqual([]);
  });
});

describe('listWorkloads and activityHistogram', () => {
  it('lists the inventory workloads of an entity type with their rows and flows', () => {
    expect(listWorkloads({ aggregates: AGGREGATES, inventory: INV, entity: 'Deployment' })).toEqual(
      [
        {
          workload: { kind: 'Deployment', namespace: 'shop', name: 'api' },
          ingress: 4,
          egress: 3,
          flows: 8,
        },
        {
          workload: { kind: 'Deployment', namespace: 'shop', name: 'web' },
          ingress: 0,
          egress: 1,
          flows: 2,
        },
      ],
    );
    expect(
      listWorkloads({ aggregates: [], inventory: INV, entity: 'Job' }).map((w) => w.workload.name),
    ).toEqual(['migrate']);
    expect(
      listWorkloads({ aggregates: [], inventory: INV, entity: 'Service' }).map(
        (w) => w.workload.name,
      ),
    ).toEqual(['api', 'api-headless']);
  });

  it('sums flows per bucket, once per communication, within a scope', () => {
    expect(activityHistogram(AGGREGATES, {}, MIN)).toEqual([
      { t: T0, flows: 1 },
      { t: T0 + MIN, flows: 1 },
      { t: T0 + 2 * MIN, flows: 1 },
      { t: T0 + 3 * MIN, flows: 3 },
      { t: T0 + 5 * MIN, flows: 1 },
    ]);
    const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
    expect(
      activityHistogram(AGGREGATES, { inventory: INV, entity: 'Deployment', workload: web }, MIN),
    ).toEqual([
      { t: T0, flows: 1 },
      { t: T0 + 5 * MIN, flows: 1 },
    ]);
    expect(activityHistogram(AGGREGATES, {}, 5 * MIN)).toEqual([
      { t: T0, flows: 6 },
      { t: T0 + 5 * MIN, flows: 1 },
    ]);
  });
});
