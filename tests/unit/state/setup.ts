/**
 * Shared setup for the state-class tests: the real engine API in Node on fake-indexeddb, a
 * fresh database with the bundled demo data (bookinfo dump + two Hubble captures) imported
 * into cluster "kind", and a `Request` that calls the API directly (optionally counting calls).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { api } from '../../../workers/engine-api';
import { directRequest, type Request } from '$lib/state/backend';

const SAMPLES = new URL('../../../static/samples/', import.meta.url);
const DEMO = [
  'bookinfo-kind_cluster-dump.json',
  'hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble-otel_basic-sample-400-udp-flows.json',
];

let n = 0;

/** A fresh database holding the demo data; returns a direct request function. */
export async function demoBackend(): Promise<Request> {
  api.useDatabase(`state-test-${Date.now()}-${n++}`);
  for (const [i, name] of DEMO.entries()) {
    const file = new File([new Uint8Array(readFileSync(new URL(name, SAMPLES)))], name);
    const row = await api.importFile(file, { id: `demo-${i}`, cluster: 'kind' });
    if (row.status !== 'done') throw new Error(`demo import ${name}: ${row.status} ${row.error}`);
  }
  return directRequest(api);
}

/** Wraps a request function and records the names it was called with. */
export function counting(req: Request): { req: Request; calls: string[] } {
  const calls: string[] = [];
  const wrapped: Request = (name, ...args) => {
    calls.push(name);
    return req(name, ...args);
  };
  return { req: wrapped, calls };
}

export const PRODUCTPAGE = { kind: 'Deployment', namespace: 'bookinfo', name: 'productpage-v1' };
