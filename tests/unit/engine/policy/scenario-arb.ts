/**
 * Random small clusters and communications for the property tests (verify.property.test.ts,
 * dialects.property.test.ts): workloads of four kinds in three namespaces, pods or only
 * templates, peers that are workloads, IPs or nodes, and random inclusions; `generated`: a
 * scenario's rows, decisions and the policies of every namespace.
 */
import fc from 'fast-check';
import type {
  Communication,
  Peer,
  WorkloadRef,
} from '../../../../src/lib/engine/model/communication';
import type { Inventory, NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import {
  type Decisions,
  defaultDecisions,
  setIncluded,
} from '../../../../src/lib/engine/policy/decisions';
import {
  generateNamespacePolicies,
  type NamespaceInput,
} from '../../../../src/lib/engine/policy/generate';
import * as b from './builders';
import { workloadKey } from '../../../../src/lib/engine/model/ids';

export const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'] as const;
export const NAMES = ['api', 'db', 'web', 'cache'];
export const NAMESPACES = ['shop', 'data', 'ops'];

export const workloadArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: fc.constantFrom(...NAMES),
  ns: fc.constantFrom(...NAMESPACES),
  tier: fc.constantFrom('a', 'b'),
  pods: fc.integer({ min: 0, max: 2 }),
  tierInSelector: fc.boolean(),
});
export type ArbValue<A> = A extends fc.Arbitrary<infer T> ? T : never;
export type WSpec = ArbValue<typeof workloadArb>;

export const commArb = fc.record({
  from: fc.nat(),
  direction: fc.constantFrom('ingress' as const, 'egress' as const),
  peer: fc.oneof(
    fc.record({ type: fc.constant('workload' as const), index: fc.nat() }),
    fc.record({ type: fc.constant('ip' as const), n: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ type: fc.constant('node' as const), n: fc.integer({ min: 1, max: 3 }) }),
  ),
  port: fc.oneof(fc.constantFrom(53, 80, 443, 8080), fc.integer({ min: 1, max: 65535 })),
  protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
  include: fc.option(fc.boolean(), { nil: undefined }),
});

export const scenarioArb = fc.record({
  workloads: fc.uniqueArray(workloadArb, {
    minLength: 1,
    maxLength: 5,
    selector: (w) => workloadKey(w.kind, w.ns, w.name),
  }),
  comms: fc.array(commArb, { maxLength: 14 }),
});

export function buildInventory(specs: WSpec[]): { inv: Inventory; refs: WorkloadRef[] } {
  const inv = b.inventory({ namespaces: b.namespaces(...NAMESPACES) });
  const refs = specs.map((s) => b.ref(s.kind, s.ns, s.name));
  specs.forEach((s, i) => {
    const app = `${s.kind.toLowerCase()}-${s.name}`;
    const cron = s.kind === 'CronJob';
    const template: Record<string, string> = cron
      ? { app, tier: s.tier, 'job-name': `${s.name}-1`, 'controller-uid': `u${i}` }
      : { app, tier: s.tier };
    const selector: Record<string, string> | null = cron
      ? null
      : s.tierInSelector
        ? { app, tier: s.tier }
        : { app };
    inv.workloads.push(b.workload(s.kind, s.ns, s.name, template, selector));
    for (let p = 0; p < s.pods; p++) {
      const labels = cron ? template : { ...template, 'pod-template-hash': `h${i}` };
      inv.pods.push(b.pod(refs[i]!, `${s.name}-${i}-${p}`, labels, { ip: `10.1.${i}.${p + 1}` }));
    }
  });
  return { inv, refs };
}

export function communications(refs: WorkloadRef[], raw: ArbValue<typeof commArb>[]) {
  const comms = new Map<string, { c: Communication; include: boolean | undefined }>();
  for (const r of raw) {
    const w = refs[r.from % refs.length]!;
    const p = r.peer;
    const peer: Peer =
      p.type === 'workload'
        ? b.wPeer(refs[p.index % refs.length]!)
        : p.type === 'ip'
          ? b.ipPeer(`203.0.113.${p.n}`)
          : b.nodePeer(`node-${p.n}`, `192.168.0.${p.n}`);
    const c = b.comm(w, r.direction, peer, r.port, r.protocol);
    if (!comms.has(c.key)) comms.set(c.key, { c, include: r.include });
  }
  return [...comms.values()];
}

export function decisionsFor(
  refs: WorkloadRef[],
  rows: ReturnType<typeof communications>,
): Decisions[] {
  return refs.map((w) =>
    rows
      .filter(({ c }) => c.workload === w)
      .reduce(
        (d, { c, include }) => (include === undefined ? d : setIncluded([c.key], include)(d)),
        defaultDecisions(w),
      ),
  );
}

/**
 * A scenario's inventory and rows, their decisions (each changed by `decide`, if given) and
 * every namespace's policies as `generate` makes them (the NetworkPolicies by default).
 */
export function generated<P = NetworkPolicy>(
  { workloads, comms }: ArbValue<typeof scenarioArb>,
  generate: (input: NamespaceInput) => { policies: P[] } = generateNamespacePolicies as never,
  decide: (d: Decisions, i: number) => Decisions = (d) => d,
) {
  const { inv, refs } = buildInventory(workloads);
  const rows = communications(refs, comms);
  const decisions = decisionsFor(refs, rows).map(decide);
  const list = rows.map((r) => r.c);
  const policies = NAMESPACES.flatMap(
    (namespace) =>
      generate({
        namespace,
        entityType: 'Deployment',
        inventory: inv,
        communications: list,
        workloads: refs,
        decisions,
      }).policies,
  );
  return { inv, refs, rows: list, decisions, policies };
}
