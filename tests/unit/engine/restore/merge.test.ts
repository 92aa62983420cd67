/**
 * A session file's rows meeting the rows here (engine restore/merge.ts): a newer decision wins,
 * an older one only when the file wins; cluster settings and ignored labels are united, an alias
 * here keeping its name unless the file wins; the saved scope opens; anything else here stays.
 */
import { describe, expect, it } from 'vitest';
import { mergeDecision, mergeSetting } from '$lib/engine/restore/merge';

describe('mergeDecision', () => {
  it('added, newer, older kept or replaced', () => {
    expect(mergeDecision(undefined, { updatedAt: 1 }, false)).toBe('added');
    expect(mergeDecision({ updatedAt: 1 }, { updatedAt: 2 }, false)).toBe('newer');
    expect(mergeDecision({ updatedAt: 2 }, { updatedAt: 2 }, false)).toBe('olderKept');
    expect(mergeDecision({ updatedAt: 3 }, { updatedAt: 2 }, true)).toBe('olderReplaced');
  });
});

describe('mergeSetting', () => {
  const here = {
    clusterCidrs: ['10.0.0.0/8'],
    aliases: [{ cidr: '192.0.2.0/24', name: 'lab' }],
  };
  const file = {
    clusterCidrs: ['10.0.0.0/8', '172.16.0.0/12'],
    aliases: [
      { cidr: '192.0.2.0/24', name: 'office' },
      { cidr: '198.51.100.0/24', name: 'vpn' },
    ],
  };

  it("unites a cluster's settings; an alias here keeps its name unless the file wins", () => {
    expect(mergeSetting('cluster:c', here, file, false)).toEqual({
      clusterCidrs: ['10.0.0.0/8', '172.16.0.0/12'],
      aliases: [
        { cidr: '192.0.2.0/24', name: 'lab' },
        { cidr: '198.51.100.0/24', name: 'vpn' },
      ],
    });
    expect(mergeSetting('cluster:c', here, file, true)).toMatchObject({
      aliases: [{ name: 'office' }, { name: 'vpn' }],
    });
  });

  it('unites ignored labels; the scope opens; another setting here stays; none here takes the file', () => {
    expect(
      mergeSetting('preferences', { ignoreLabels: ['a'] }, { ignoreLabels: ['b', 'a'] }, false),
    ).toEqual({ ignoreLabels: ['a', 'b'] });
    expect(mergeSetting('ui.scope', { cluster: 'x' }, { cluster: 'y' }, false)).toEqual({
      cluster: 'y',
    });
    expect(mergeSetting('other', 1, 2, false)).toBeUndefined();
    expect(mergeSetting('other', 1, 2, true)).toBe(2);
    expect(mergeSetting('cluster:c', undefined, file, false)).toBe(file);
  });
});
