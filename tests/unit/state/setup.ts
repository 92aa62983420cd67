/**
 * Shared setup for the state-class tests: the real engine API in Node on fake-indexeddb, a
 * fresh database with the bundled demo data (bookinfo dump + two Hubble captures) imported
 * into cluster "kind", and a `Request` that calls the API directly (optionally counting calls).
 * With `gke`, a second real capture goes into cluster "gke": Istio's prometheus on GKE scraping
 * 10.128.0.4:9990, an address no metadata explains (the demo has no unresolved IP left: its
 * proxied traffic resolves by Cilium identity).
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

/** cilium/hubble-otel testdata (GKE, no dump); provenance in tests/fixtures/formats/hubble. */
export const GKE_CAPTURE = new URL(
  '../../fixtures/formats/hubble/hubble-otel_basic-sample-5-http-flows.json',
  import.meta.url,
);

let n = 0;

async function importInto(url: URL, name: string, id: string, cluster: string): Promise<void> {
  const file = new File([new Uint8Array(readFileSync(url))], name);
  const row = await api.importFile(file, { id, cluster });
  if (row.status !== 'done') throw new Error(`demo import ${name}: ${row.status} ${row.error}`);
}

/** A fresh database holding the demo data (and the GKE capture); returns a direct request function. */
export async function demoBackend(opts: { gke?: boolean } = {}): Promise<Request> {
  api.useDatabase(`state-test-${Date.now()}-${n++}`);
  for (const [i, name] of DEMO.entries()) {
    await importInto(new URL(name, SAMPLES), name, `demo-${i}`, 'kind');
  }
  if (opts.gke) await importInto(GKE_CAPTURE, 'gke-http.json', 'gke-0', 'gke');
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
/** Istio's prometheus in the GKE capture (rolled up from its pod's name: no dump). */
export const PROMETHEUS = { kind: 'Deployment', namespace: 'istio-system', name: 'prometheus' };
