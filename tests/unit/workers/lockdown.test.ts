import { describe, expect, it } from 'vitest';
import { lockDownNetwork, NETWORK_APIS } from '../../../workers/lockdown';

describe('worker network lockdown', () => {
  it('replaces every network API of a scope and of the prototypes it inherits them from', async () => {
    // A scope shaped like WorkerGlobalScope: fetch inherited, constructors own.
    const proto = { fetch: () => Promise.resolve('reached') };
    const scope = Object.assign(Object.create(proto) as Record<string, unknown>, {
      WebSocket: class {},
      XMLHttpRequest: class {},
      EventSource: class {},
      postMessage: () => 'kept',
    });
    const done = lockDownNetwork(scope);
    expect(done.sort()).toEqual(['EventSource', 'WebSocket', 'XMLHttpRequest', 'fetch']);
    for (const name of ['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource']) {
      expect(() => (scope[name] as () => unknown)()).toThrow(/disabled in netpolish's workers/);
      expect(() => {
        scope[name] = () => 'again';
      }).toThrow(TypeError);
    }
    // The prototype's own fetch is replaced too: `proto.fetch.call(scope)` reaches nothing.
    expect(() => proto.fetch()).toThrow(/disabled/);
    expect((scope.postMessage as () => string)()).toBe('kept');
    expect(NETWORK_APIS).toContain('fetch');
  });
});
