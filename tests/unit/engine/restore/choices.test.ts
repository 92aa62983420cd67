/**
 * The decisions and settings tables read back (engine restore/decisions.ts, restore/settings.ts):
 * anything comes out in today's shape keeping only own, well-typed entries; a row that cannot
 * be used is left out, and entries left out inside a usable row are counted and said
 * (NP-STORED-ROW), so the app can tell the user instead of silently forgetting.
 */
import { describe, expect, it } from 'vitest';
import { defaultDecisions, setGeneral } from '$lib/engine/policy/decisions';
import { decisionId, restoreDecisionRecord, restoreDecisions } from '$lib/engine/restore/decisions';
import { restoreClusterSettings, restoreSettingRecord } from '$lib/engine/restore/settings';
import { problem } from './problem';

const W = { kind: 'Deployment', namespace: 'shop', name: 'cart' };

describe('decisions', () => {
  it('restores anything to the current shape, keeping only own, well-typed entries', () => {
    const hostile = JSON.parse(
      '{"workload":{"kind":"X","namespace":"y","name":"z"},"included":{"__proto__":true,"a":false,"b":"yes"},' +
        '"ingressDefault":"everything","egressDefault":"namespace","allowDns":"true",' +
        '"manualRules":[{"direction":"egress","cidr":"10.0.0.0/8","port":443},{"direction":"up"},7],' +
        '"includedIps":["10.1.1.1","nope"]}',
    ) as unknown;
    const d = restoreDecisions(hostile, W);
    expect(d.workload).toEqual(W);
    expect(Object.keys(d.included).sort()).toEqual(['__proto__', 'a']);
    // `__proto__` from data is an own key like any other, not the prototype.
    expect(Object.getOwnPropertyDescriptor(d.included, '__proto__')?.value).toBe(true);
    expect(Object.getPrototypeOf(d.included)).toBe(Object.prototype);
    expect(d.included.a).toBe(false);
    expect([d.ingressDefault, d.egressDefault, d.allowDns]).toEqual(['block', 'namespace', false]);
    expect(d.manualRules).toEqual([
      { direction: 'egress', cidr: '10.0.0.0/8', port: 443, protocol: 'TCP' },
    ]);
    expect(d.includedIps).toEqual(['10.1.1.1']);
    expect(restoreDecisions(null, W)).toEqual(defaultDecisions(W));
  });

  it('a row: its id must be the one its cluster and workload give; entries left out are said', () => {
    const value = setGeneral('ingress', 'all')(defaultDecisions(W));
    const row = { id: decisionId('c', W), cluster: 'c', value, updatedAt: 5 };
    expect(restoreDecisionRecord(row, 'stored decisions')).toEqual({
      value: row,
      problems: [],
      dropped: 0,
    });
    for (const bad of [
      { ...row, id: 'c|Deployment/shop/other' },
      { ...row, cluster: 7 },
      { ...row, value: { workload: { kind: 'Deployment' } } },
      'x',
    ])
      expect(restoreDecisionRecord(bad, 'stored decisions')).toEqual({
        value: null,
        problems: [
          problem('stored decisions', '1 stored decision row could not be read and was left out'),
        ],
        dropped: 0,
      });
    const damaged = {
      ...row,
      value: { ...value, manualRules: [{ direction: 'up' }], includedIps: ['nope'] },
    };
    const r = restoreDecisionRecord(damaged, 'stored decisions');
    expect(r.value?.value).toEqual(value);
    expect(r.problems).toEqual([
      problem(
        'stored decisions',
        '2 malformed decision entries of Deployment/shop/cart could not be read and were left out',
      ),
    ]);
  });

  it("a session file's time caps the row's: a crafted future time cannot win a merge", () => {
    const row = {
      id: decisionId('c', W),
      cluster: 'c',
      value: defaultDecisions(W),
      updatedAt: 9e15,
    };
    expect(restoreDecisionRecord(row, 'session file', 1000).value?.updatedAt).toBe(1000);
    expect(restoreDecisionRecord({ ...row, updatedAt: 'soon' }, 's').value?.updatedAt).toBe(0);
  });
});

describe('settings', () => {
  it('cluster settings: CIDRs canonical and deduplicated, aliases need a name and an address', () => {
    expect(
      restoreClusterSettings({
        clusterCidrs: ['10.244.1.7/16', '10.244.0.0/16', 'x', 5],
        aliases: [
          { cidr: '192.0.2.9', name: ' proxy ' },
          { cidr: '192.0.2.0/24' },
          { cidr: 'bad', name: 'n' },
        ],
      }),
    ).toEqual({
      clusterCidrs: ['10.244.0.0/16'],
      aliases: [{ cidr: '192.0.2.9/32', name: 'proxy' }],
    });
    expect(restoreClusterSettings('junk')).toEqual({ clusterCidrs: [], aliases: [] });
  });

  it('a row: restored by its key; an unknown key is left out; bad entries are said', () => {
    expect(
      restoreSettingRecord(
        {
          key: 'cluster:c',
          value: { clusterCidrs: ['10.0.0.0/8', 'x'], aliases: [{ cidr: 'y' }] },
        },
        'stored settings',
      ),
    ).toEqual({
      value: { key: 'cluster:c', value: { clusterCidrs: ['10.0.0.0/8'], aliases: [] } },
      problems: [
        problem(
          'stored settings',
          '2 malformed entries of the setting cluster:c could not be read and were left out',
        ),
      ],
      dropped: 2,
    });
    expect(
      restoreSettingRecord({ key: 'preferences', value: { ignoreLabels: [' a ', 5] } }, 's'),
    ).toMatchObject({ value: { value: { ignoreLabels: ['a'] } }, dropped: 1 });
    expect(restoreSettingRecord({ key: 'ui.scope', value: null }, 's')).toMatchObject({
      value: { key: 'ui.scope', value: { entity: 'Deployment', cluster: null } },
      problems: [],
    });
    for (const bad of [{ key: 'random', value: 1 }, { value: 1 }, null])
      expect(restoreSettingRecord(bad, 's')).toEqual({
        value: null,
        problems: [problem('s', '1 stored setting could not be read and was left out')],
        dropped: 0,
      });
  });
});
