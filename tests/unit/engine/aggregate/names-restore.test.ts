/**
 * Names of IPs read back from storage or a session file (restoreNames): usable entries are
 * normalised and merged, anything else is left out and counted; and the grouping of IP peers
 * by name behind the Unresolved IPs tab's "Alias by name" and the CLI's --alias-by-name.
 */
import { describe, expect, it } from 'vitest';
import { restoreNames } from '../../../../src/lib/engine/aggregate/names';
import { aliasesByName, groupIpsByName } from '../../../../src/lib/engine/classify/by-name';
import type { Communication } from '../../../../src/lib/engine/model/communication';
import { comm, ipPeer, ref } from '../policy/builders';

const T = Date.UTC(2024, 0, 1);

describe('restoreNames', () => {
  it('keeps usable entries, normalised and merged, and counts the rest', () => {
    const { names, dropped } = restoreNames([
      { cluster: 'c', ip: '192.0.2.1', name: 'API.Example.com.', spans: [[T + 10, T + 20]] },
      { cluster: 'c', ip: '192.0.2.1', name: 'api.example.com', spans: [[T, T + 15]] },
      { cluster: 'c', ip: '2001:DB8::1', name: 'v6.example.com', spans: [], untimed: true },
      { cluster: 'c', ip: 'not-an-ip', name: 'x.example.com', spans: [[T, T]] },
      { cluster: 'c', ip: '192.0.2.2', name: 'bad name', spans: [[T, T]] },
      { cluster: 'c', ip: '192.0.2.3', name: 'late.example.com', spans: [[T + 5, T]] },
      { cluster: 'c', ip: '192.0.2.4', name: 'never.example.com', spans: [] },
      { cluster: '', ip: '192.0.2.5', name: 'x.example.com', spans: [[T, T]] },
      { cluster: 'c', ip: '192.0.2.6', name: 'x.example.com', spans: [[T, 1e20]] },
      'text',
      null,
    ]);
    expect(dropped).toBe(8);
    expect(names).toEqual([
      { cluster: 'c', ip: '192.0.2.1', name: 'api.example.com', spans: [[T, T + 20]] },
      { cluster: 'c', ip: '2001:db8::1', name: 'v6.example.com', spans: [], untimed: true },
    ]);
  });

  it('reads anything that is not a list as none', () => {
    expect(restoreNames({ cluster: 'c' })).toEqual({ names: [], dropped: 0 });
  });
});

describe('IP peers by name', () => {
  const w = ref('Deployment', 'web', 'browser');
  const named = (ip: string, names: string[], port = 443): Communication => {
    const c = comm(w, 'egress', ipPeer(ip), port);
    return { ...c, peer: { ...c.peer, names } } as Communication;
  };
  const rows = [
    named('203.0.113.10', ['api.example.com']),
    named('203.0.113.9', ['api.example.com', 'cdn.example.com'], 80),
    named('203.0.113.9', ['api.example.com']),
    named('2001:db8::5', ['api.example.com']),
    comm(w, 'egress', ipPeer('198.51.100.1'), 443),
  ];

  it('groups the addresses under each name, in address order', () => {
    expect(groupIpsByName(rows)).toEqual([
      { name: 'api.example.com', ips: ['203.0.113.9', '203.0.113.10', '2001:db8::5'] },
      { name: 'cdn.example.com', ips: ['203.0.113.9'] },
    ]);
  });

  it('alias by name: a host CIDR per address, named after the FQDN; none for an unknown name', () => {
    expect(aliasesByName(rows, 'api.example.com')).toEqual([
      { cidr: '203.0.113.9/32', name: 'api.example.com' },
      { cidr: '203.0.113.10/32', name: 'api.example.com' },
      { cidr: '2001:db8::5/128', name: 'api.example.com' },
    ]);
    expect(aliasesByName(rows, 'nope.example.com')).toEqual([]);
  });
});
