import { describe, expect, it } from 'vitest';
import { SettingsState, isCidrText } from '$lib/state/settings.svelte';
import { demoBackend } from './setup';

describe('SettingsState', () => {
  it('keeps aliases per cluster, normalised by the worker, and refuses what is not an IP or CIDR', async () => {
    const req = await demoBackend();
    const s = new SettingsState(req);
    expect(await s.addAlias({ name: 'x', cidr: '10.0.0.1' })).toBe('Import data first.');
    await s.loadCluster('kind');
    expect(await s.addAlias({ name: ' ', cidr: '10.0.0.1' })).toBe('Give the alias a name.');
    expect(await s.addAlias({ name: 'gw', cidr: '10.0.0.300' })).toBe(
      '10.0.0.300 is not an IP or a CIDR.',
    );
    expect(await s.addAlias({ name: ' gw ', cidr: '10.0.0.7' })).toBeNull();
    expect(await s.addAlias({ name: 'office', cidr: '192.0.2.77/24' })).toBeNull();
    expect(s.aliases).toEqual([
      { name: 'gw', cidr: '10.0.0.7/32' },
      { name: 'office', cidr: '192.0.2.0/24' },
    ]);
    // Same CIDR again replaces the name.
    expect(await s.addAlias({ name: 'gateway', cidr: '10.0.0.7/32' })).toBeNull();
    expect(s.aliases.map((a) => a.name)).toEqual(['office', 'gateway']);
    await s.removeAlias('192.0.2.0/24');
    const again = new SettingsState(req);
    await again.loadCluster('kind');
    expect(again.aliases).toEqual([{ name: 'gateway', cidr: '10.0.0.7/32' }]);
    await again.loadCluster('other');
    expect(again.aliases).toEqual([]);
  });

  it('saves cluster CIDRs only when every entry is a CIDR, and the labels to ignore', async () => {
    const req = await demoBackend();
    const s = new SettingsState(req);
    await s.loadCluster('kind');
    expect(await s.setClusterCidrs(['10.96.0.0/12', '10.244.0.1', 'fd00::/400'])).toEqual([
      '10.244.0.1',
      'fd00::/400',
    ]);
    expect(s.clusterCidrs).toEqual([]);
    expect(await s.setClusterCidrs(['10.96.0.5/12', 'fd00:10::/64'])).toEqual([]);
    expect(s.clusterCidrs).toEqual(['10.96.0.0/12', 'fd00:10::/64']);
    await s.setIgnoreLabels(['team', ' team', '', 'tier ']);
    expect(s.ignoreLabels).toEqual(['team', 'tier']);
    const again = new SettingsState(req);
    await again.loadPreferences();
    expect(again.ignoreLabels).toEqual(['team', 'tier']);
    expect(again.theme).toBe('system');
  });

  it('recognises CIDRs, not bare addresses', () => {
    expect(['10.0.0.0/8', '::/0', '2001:db8::/32'].map(isCidrText)).toEqual([true, true, true]);
    expect(['10.0.0.1', '10.0.0.0/33', 'abc/8', ''].map(isCidrText)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
