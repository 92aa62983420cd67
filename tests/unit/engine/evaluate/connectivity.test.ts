/**
 * The connectivity report on small scenarios: grouping by owner (top owner in the dump, else the
 * direct controller), template pods,
 * self pairs, external blocks per direction, and the text/JSON connlist forms.
 */
import { describe, expect, it } from 'vitest';
import {
  computeConnectivity,
  connectivityContext,
  formatConnlistJson,
  formatConnlistText,
  peerOwner,
} from '../../../../src/lib/engine/evaluate/index';
import { emptyInventory, type Inventory, type PodInfo } from '../../../../src/lib/engine/model/k8s';
import { netpol, ns, pod } from './builders';

const owned = (p: PodInfo, chain: { kind: string; name: string }[]): PodInfo => ({
  ...p,
  owner: chain[chain.length - 1]!,
  ownerChain: chain,
});

const rs = { kind: 'ReplicaSet', name: 'api-5d8f' };
const deploy = { kind: 'Deployment', name: 'api' };
const api1 = owned(pod('shop', 'api-5d8f-a', { app: 'api' }), [rs, deploy]);
const api2 = owned(pod('shop', 'api-5d8f-b', { app: 'api' }), [rs, deploy]);
const web = pod('shop', 'web', { app: 'web' });

function inventory(parts: Partial<Inventory>): Inventory {
  return { ...emptyInventory('c'), ...parts };
}

describe('connectivity', () => {
  it('groups pods by their direct controller; a Node owner or none means the pod itself', () => {
    expect(peerOwner(api1)).toEqual(rs);
    expect(peerOwner(web)).toEqual({ kind: 'Pod', name: 'web' });
    expect(
      peerOwner(owned(pod('kube-system', 'etcd-n1', {}), [{ kind: 'Node', name: 'n1' }])),
    ).toEqual({
      kind: 'Pod',
      name: 'etcd-n1',
    });
  });

  it('lists each allowed pair once, never a workload with itself, never external to external', () => {
    const policy = netpol('shop', 'api-in', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'web' } } }],
          ports: [{ port: 8080 }, { port: 53, protocol: 'UDP' }],
        },
        { from: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 443 }] },
      ],
    });
    const inv = inventory({
      pods: [api1, api2, web],
      namespaces: [ns('shop')],
      networkPolicies: [policy],
    });
    const text = formatConnlistText(
      computeConnectivity(connectivityContext(inv, { ipBlockMatchesPods: false })),
    );
    expect(text).toBe(
      [
        '0.0.0.0-192.0.1.255[External] => shop/web[Pod] : All Connections',
        '192.0.2.0-192.0.2.255[External] => shop/api-5d8f[ReplicaSet] : TCP 443',
        '192.0.2.0-192.0.2.255[External] => shop/web[Pod] : All Connections',
        '192.0.3.0-255.255.255.255[External] => shop/web[Pod] : All Connections',
        'shop/api-5d8f[ReplicaSet] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'shop/api-5d8f[ReplicaSet] => shop/web[Pod] : All Connections',
        'shop/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'shop/web[Pod] => shop/api-5d8f[ReplicaSet] : TCP 8080,UDP 53',
        '',
      ].join('\n'),
    );
  });

  it('groups pods under their top owner in the dump: a Deployment once, never also its ReplicaSet', () => {
    const cron = { kind: 'CronJob', name: 'report' };
    const job = { kind: 'Job', name: 'report-2890' };
    const run = owned(pod('shop', 'report-2890-x7k2p', { app: 'report' }), [job, cron]);
    const inv = inventory({
      pods: [api1, api2, run, web],
      namespaces: [ns('shop')],
      workloads: [
        { kind: 'Deployment', namespace: 'shop', name: 'api', templateLabels: { app: 'api' } },
        { ...rs, namespace: 'shop', templateLabels: { app: 'api' }, owner: deploy },
        { kind: 'CronJob', namespace: 'shop', name: 'report', templateLabels: { app: 'report' } },
        { ...job, namespace: 'shop', templateLabels: { app: 'report' }, owner: cron },
      ],
    });
    const rows = computeConnectivity(connectivityContext(inv, { ipBlockMatchesPods: false }));
    const peers = new Set(rows.flatMap((r) => [r.src.label, r.dst.label]));
    expect([...peers].filter((l) => !l.endsWith('[External]')).sort()).toEqual([
      'shop/api[Deployment]',
      'shop/report[CronJob]',
      'shop/web[Pod]',
    ]);
    // No policy: every ordered pair of distinct workloads once, plus each to and from outside.
    expect(rows).toHaveLength(3 * 2 + 3 * 2);
  });

  it('a workload object is a peer of its own, built from its pod template (named ports too)', () => {
    const policy = netpol('shop', 'api-in', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 'http' }] }],
    });
    const inv = inventory({
      pods: [web],
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'api',
          templateLabels: { app: 'api' },
          templateContainerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        },
        { kind: 'Pod', namespace: 'shop', name: 'web', synthesized: true },
      ],
      networkPolicies: [policy],
    });
    const rows = JSON.parse(
      formatConnlistJson(
        computeConnectivity(connectivityContext(inv, { ipBlockMatchesPods: false })),
      ),
    ) as { src: string; dst: string; conn: string }[];
    expect(rows.filter((r) => r.dst === 'shop/api[Deployment]')).toEqual([
      { src: 'shop/web[Pod]', dst: 'shop/api[Deployment]', conn: 'TCP 8080' },
    ]);
    // The synthesised workload of the bare pod adds no peer of its own.
    expect(new Set(rows.flatMap((r) => [r.src, r.dst]))).toEqual(
      new Set(['0.0.0.0-255.255.255.255[External]', 'shop/web[Pod]', 'shop/api[Deployment]']),
    );
    expect(rows).toHaveLength(5);
  });

  it('no pods: no report at all', () => {
    expect(
      computeConnectivity(connectivityContext(inventory({}), { ipBlockMatchesPods: false })),
    ).toEqual([]);
  });
});
