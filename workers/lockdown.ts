/**
 * No network from the workers: the engine and layout workers read files handed to them and
 * IndexedDB, and talk to the page by postMessage only. Run first by each worker entry (through
 * no-network.ts), this replaces every network (and sub-worker) API of the worker's global scope, and of the
 * prototypes it inherits them from, with a function that throws. The served Content-Security-
 * Policy (`connect-src 'none'` for worker scripts, see scripts/csp-headers.mjs) enforces the
 * same where the host sends headers; this holds where it does not.
 */

export const NETWORK_APIS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'WebTransport',
  'Worker',
  'SharedWorker',
  'importScripts',
] as const;

function blocked(name: string): () => never {
  return () => {
    throw new Error(`${name} is disabled in netpolish's workers: they never use the network`);
  };
}

/** Replaces the network APIs of `scope` (and its prototypes); returns the names replaced. */
export function lockDownNetwork(scope: object = globalThis): string[] {
  const done: string[] = [];
  for (let o: object | null = scope; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of NETWORK_APIS) {
      if (!Object.hasOwn(o, name)) continue;
      Object.defineProperty(o, name, {
        value: blocked(name),
        writable: false,
        configurable: false,
      });
      done.push(name);
    }
  }
  return done;
}
