/**
 * Property: a narrower query answered from rows already made (workspace `wholeRows`,
 * aggregate/narrow.ts) — a workload's rows taken from its namespace's or the cluster's rows of
 * every kind that the workload list made, a namespace's review from the cluster's, the workload
 * list counted from them — equals the same question asked of a workspace that made none
 * (its own query), for any window, entity type, IP settings and workload.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listWorkloads } from '$lib/engine/aggregate/workloads';
import { candidates } from '$lib/engine/workspace/cluster-data';
import { readImport } from '$lib/engine/workspace/import';
import { memoryStore } from '$lib/engine/workspace/memory';
import { createWorkspace } from '$lib/engine/workspace/workspace';
import { ENTITY_TYPES } from '$lib/engine/model/k8s';
import type { ScopeQuery } from '$lib/engine/workspace/types';

const SAMPLES = new URL('../../../../static/samples/', import.meta.url);
const CLUSTER = 'kind';
const read = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');

/** The bookinfo dump and both bundled captures (TCP and UDP: some pairs' direction unknown). */
async function store() {
  const s = memoryStore();
  for (const name of [
    'bookinfo-kind_cluster-dump.json',
    'hubble-otel_basic-sample-400-tcp-flows.json',
    'hubble-otel_basic-sample-400-udp-flows.json',
  ]) {
    const r = await readImport(s, new Blob([read(name)]).stream(), name, { cluster: CLUSTER });
    s.addShard(CLUSTER, r.shard);
  }
  return s;
}

const settingsArb = fc.record({
  entity: fc.constantFrom('all' as const, ...ENTITY_TYPES),
  window: fc.option(fc.tuple(fc.double({ min: 0, max: 1 }), fc.double({ min: 0, max: 1 }))),
  explain: fc.boolean(),
  cidrs: fc.constantFrom<string[]>([], ['10.244.0.0/16'], ['10.0.0.0/8', '172.16.0.0/12']),
  namespaced: fc.boolean(),
  pick: fc.nat(),
});
type Settings = typeof settingsArb extends fc.Arbitrary<infer T> ? T : never;

describe('narrower questions answered from the rows the workload list made', () => {
  it('equal the same questions asked of a workspace that made no rows before', async () => {
    const s = await store();
    const span = (await createWorkspace(s).clusterData(CLUSTER)).span!;
    let undetermined = 0;
    await fc.assert(
      fc.asyncProperty(
        settingsArb,
        async ({ entity, window, explain, cidrs, namespaced, pick }) => {
          const [a, b] = window ? [...window].sort() : [0, 1];
          const q: ScopeQuery = {
            cluster: CLUSTER,
            entity,
            ...(window && {
              from: span.min + a! * (span.max - span.min),
              to: span.min + b! * (span.max - span.min),
            }),
            ...(explain && { explain }),
            ...(cidrs.length > 0 && { clusterCidrs: cidrs }),
          };
          const fresh = createWorkspace(s);
          const data = await fresh.clusterData(CLUSTER);
          const namespaces = data.namespaces;
          const namespace = namespaced ? namespaces[pick % namespaces.length] : undefined;
          const scope = { ...q, ...(namespace !== undefined && { namespace }) };
          // The list made by the workspace (from rows of every kind) and by its own query.
          const warm = createWorkspace(s);
          const list = await warm.scopeWorkloads(scope);
          const direct = listWorkloads({
            aggregates: candidates(data, scope),
            inventory: data.inventory,
            ...scope,
            clusterCidrs: cidrs,
            ...(cidrs.length === 0 && { ipClasses: data.ipClasses }),
            aliases: [],
            names: data.names,
            resolved: true,
          });
          expect(list).toEqual(direct);
          // Workloads' rows (of any kind: another than the entity type's has none), taken from
          // those rows, against a fresh query.
          const every = await createWorkspace(s).scopeWorkloads({
            cluster: CLUSTER,
            entity: 'all',
          });
          for (const { workload } of every.filter((_, i) => i % 3 === pick % 3)) {
            const rows = await warm.workloadCommunications({ ...q, workload });
            expect(rows).toEqual(
              await createWorkspace(s).workloadCommunications({ ...q, workload }),
            );
            undetermined += rows.filter((r) => r.undetermined).length;
          }
          // A namespace's review, taken from the cluster's rows when those were made.
          if (namespace === undefined && entity === 'all') {
            for (const ns of namespaces.filter((_, i) => i % 2 === pick % 2)) {
              const review = await warm.namespaceReview({ ...q, namespace: ns });
              const asked = await createWorkspace(s).namespaceReview({ ...q, namespace: ns });
              expect(review.rows).toEqual(asked.rows);
            }
          }
        },
      ),
      // Every workload over the whole capture, in thirds, first: rows whose direction is unknown
      // are among them, so the check below does not depend on what the 40 random settings draw
      // (fast-check counts the examples in numRuns).
      {
        numRuns: 43,
        examples: [0, 1, 2].map((pick): [Settings] => [
          {
            entity: 'all' as const,
            window: null,
            explain: false,
            cidrs: [],
            namespaced: false,
            pick,
          },
        ]),
      },
    );
    // The captures give rows whose direction is unknown: the property sees them.
    expect(undetermined).toBeGreaterThan(0);
  }, 120_000);
});
