/**
 * The demo data (static/samples: Istio bookinfo on kind, real Hubble flows; provenance in
 * static/samples/SOURCES.md) run through the real engine, once per test file, plus typed
 * builders for small hand-made scenarios.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStreams, type AnalyzeResult } from '$lib/engine/pipeline';
import { queryCommunications } from '$lib/engine/aggregate/query';
import type { Alias } from '$lib/engine/classify/index';
import type { Communication, Peer, WorkloadRef } from '$lib/engine/model/communication';
import { workloadKey, type CommKey } from '$lib/engine/model/ids';

const SAMPLES = join(import.meta.dirname, '../../../static/samples');
const FILES = [
  'bookinfo-kind_cluster-dump.json',
  'hubble-otel_basic-sample-400-tcp-flows.json',
  'hubble-otel_basic-sample-400-udp-flows.json',
];

let analyzed: Promise<AnalyzeResult> | null = null;

export function demo(): Promise<AnalyzeResult> {
  analyzed ??= analyzeStreams(
    FILES.map((name) => ({
      name,
      open: () => new Blob([readFileSync(join(SAMPLES, name))]).stream(),
    })),
  );
  return analyzed;
}

/**
 * A second real capture with no dump (Istio's prometheus on GKE; provenance in
 * tests/fixtures/formats/hubble): its scrape of 10.128.0.4:9990 is an IP no metadata explains.
 * The demo has none left since its proxied traffic resolves by Cilium identity.
 */
const GKE = join(
  import.meta.dirname,
  '../../fixtures/formats/hubble/hubble-otel_basic-sample-5-http-flows.json',
);

let gkeAnalyzed: Promise<AnalyzeResult> | null = null;

export function gke(): Promise<AnalyzeResult> {
  gkeAnalyzed ??= analyzeStreams([
    { name: 'gke-http.json', open: () => new Blob([readFileSync(GKE)]).stream() },
  ]);
  return gkeAnalyzed;
}

export const PROMETHEUS: WorkloadRef = {
  kind: 'Deployment',
  namespace: 'istio-system',
  name: 'prometheus',
};

/** The review rows of prometheus in the GKE capture. */
export async function gkeRows(aliases: Alias[] = []): Promise<Communication[]> {
  return rowsOf(await gke(), PROMETHEUS, aliases);
}

export const PRODUCTPAGE: WorkloadRef = {
  kind: 'Deployment',
  namespace: 'bookinfo',
  name: 'productpage-v1',
};

/** The review rows of one demo workload (as the UI's worker answers them). */
export async function demoRows(w: WorkloadRef, aliases: Alias[] = []): Promise<Communication[]> {
  return rowsOf(await demo(), w, aliases);
}

function rowsOf(r: AnalyzeResult, w: WorkloadRef, aliases: Alias[]): Communication[] {
  return queryCommunications({
    aggregates: r.aggregates,
    inventory: r.inventory,
    entity: 'Deployment',
    namespace: w.namespace,
    workload: w,
    aliases,
  });
}

/** A hand-made row: `row(ref, 'egress', peer, 443, { via: ['ns/svc'] })`. */
export function row(
  workload: WorkloadRef,
  direction: 'ingress' | 'egress',
  peer: Peer,
  port: number,
  extra: Partial<Communication> = {},
): Communication {
  const p = peer.type === 'ip' ? peer.ip : peer.name;
  return {
    key: `${workloadKey(workload)}|${direction}|${peer.type}:${p}|${port}/TCP` as CommKey,
    direction,
    workload,
    peer,
    port,
    protocol: 'TCP',
    flows: 10,
    firstSeen: 1000,
    lastSeen: 2000,
    via: [],
    verdicts: {},
    ...extra,
  };
}

export function deployment(namespace: string, name: string): Peer & WorkloadRef {
  return { type: 'workload', kind: 'Deployment', namespace, name };
}
