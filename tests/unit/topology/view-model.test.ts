import { describe, expect, it } from 'vitest';
import { buildTopology } from '$lib/topology/build';
import { collapseGroups } from '$lib/topology/groups';
import { groupSet, searchMatches, toggled } from '$lib/topology/view-model';
import { deployment, row } from './demo';

const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const full = buildTopology({
  communications: [
    row(web, 'egress', deployment('db', 'postgres'), 5432),
    row(web, 'egress', deployment('db', 'redis'), 6379),
  ],
  decisions: [],
  selected: web,
});

describe('the search of the topology', () => {
  it('matches labels and ids, case-insensitively; nothing for an empty query', () => {
    expect(searchMatches(full, full, '  ')).toBeNull();
    expect([...(searchMatches(full, full, 'POSTGRES') ?? [])]).toEqual([
      'workload:Deployment/db/postgres',
    ]);
    expect(searchMatches(full, full, 'nothing-like-this')?.size).toBe(0);
  });

  it('matches a collapsed group through its members, and by its own name', () => {
    const shown = collapseGroups(full, new Set(['db']));
    expect([...(searchMatches(full, shown, 'redis') ?? [])]).toEqual(['group:db']);
    expect([...(searchMatches(full, shown, 'namespace db') ?? [])]).toEqual(['group:db']);
  });
});

describe('sets of collapsed groups', () => {
  it('adds and removes a group without touching the given set', () => {
    const a = new Set(['x']);
    expect([...toggled(a, 'y', true)]).toEqual(['x', 'y']);
    expect([...toggled(a, 'x', false)]).toEqual([]);
    expect([...a]).toEqual(['x']);
    expect([...groupSet([{ group: 'a' }, { group: 'b' }], 'b')]).toEqual(['a']);
  });
});
