/**
 * `selectedInto` (aggregate/scope.ts) pushes what `selectedAs` returned — the workloads (or
 * Services) an endpoint stands for in a scope — onto a list the query's loop reuses. It must give
 * exactly the former formulation's workloads, in its order, for every entity, namespace and
 * workload filter: the candidates ([the endpoint's own reference], its Services, or none), then
 * those in scope.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  makeScope,
  selectedInto,
  selectionsOf,
  type Scope,
} from '../../../../src/lib/engine/aggregate/scope';
import { servicesSelecting, indexInventory } from '../../../../src/lib/engine/inventory/index';
import { sameWorkload } from '../../../../src/lib/engine/model/ids';
import type {
  CommAggregate,
  Endpoint,
  WorkloadRef,
} from '../../../../src/lib/engine/model/communication';
import type { EntityType } from '../../../../src/lib/engine/model/k8s';
import { SHOP, inventoryFromYaml } from './builders';

const INDEX = indexInventory(inventoryFromYaml(SHOP));

/** The former selectedAs, written as it was. */
function formerSelectedAs(scope: Scope, e: Endpoint): WorkloadRef[] {
  if (e.type !== 'workload') return [];
  const ref: WorkloadRef = { kind: e.kind, namespace: e.namespace, name: e.name };
  const candidates =
    scope.entity === 'Service'
      ? servicesSelecting(scope.index, ref).map((s) => ({
          kind: 'Service',
          namespace: s.namespace,
          name: s.name,
        }))
      : scope.entity === 'all' || scope.entity === e.kind
        ? [ref]
        : [];
  if (scope.namespace === undefined && !scope.workload) return candidates;
  return candidates.filter((w) => {
    if (scope.namespace !== undefined && w.namespace !== scope.namespace) return false;
    const s = scope.workload;
    return !s || sameWorkload(s, w);
  });
}

const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment', 'CronJob', 'Job', 'DaemonSet', 'Pod'),
  namespace: fc.constantFrom('shop', 'other'),
  name: fc.constantFrom('web', 'api', 'report', 'migrate', 'x'),
});

const endpointArb: fc.Arbitrary<Endpoint> = fc.oneof(
  workloadArb.map((w) => ({ type: 'workload' as const, ...w }) as Endpoint),
  fc.constant({ type: 'ip', ip: '10.0.0.9' } as Endpoint),
  fc.constant({ type: 'node', name: 'node-a', ip: '172.18.0.2' } as Endpoint),
);

const scopeArb = fc.record({
  entity: fc.constantFrom<EntityType | 'all'>(
    'all',
    'Deployment',
    'CronJob',
    'Job',
    'DaemonSet',
    'Service',
  ),
  namespace: fc.option(fc.constantFrom('shop', 'other'), { nil: undefined }),
  workload: fc.option(
    fc.oneof(
      workloadArb,
      fc.constantFrom<WorkloadRef>(
        { kind: 'Service', namespace: 'shop', name: 'api' },
        { kind: 'Service', namespace: 'shop', name: 'api-headless' },
      ),
    ),
    { nil: undefined },
  ),
});

describe('selectedInto', () => {
  it('gives the former selectedAs workloads, in order, after what the list held', () => {
    fc.assert(
      fc.property(scopeArb, fc.array(endpointArb, { maxLength: 4 }), (s, endpoints) => {
        const scope = makeScope(INDEX, s.entity, s.namespace, s.workload);
        const out: WorkloadRef[] = [{ kind: 'Deployment', namespace: 'kept', name: 'first' }];
        const expected = [...out];
        for (const e of endpoints) {
          selectedInto(scope, e, out);
          expected.push(...formerSelectedAs(scope, e));
        }
        expect(out).toEqual(expected);
      }),
    );
  });

  it('gives selectionsOf the server side (ingress) first, then the client side (egress)', () => {
    fc.assert(
      fc.property(scopeArb, endpointArb, endpointArb, (s, client, server) => {
        const scope = makeScope(INDEX, s.entity, s.namespace, s.workload);
        const a = { client, server } as CommAggregate;
        expect(selectionsOf(scope, a)).toEqual([
          ...formerSelectedAs(scope, server).map((w) => ({
            workload: w,
            direction: 'ingress',
            peer: client,
          })),
          ...formerSelectedAs(scope, client).map((w) => ({
            workload: w,
            direction: 'egress',
            peer: server,
          })),
        ]);
      }),
    );
  });
});
