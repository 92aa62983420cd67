import { describe, expect, it } from 'vitest';
import { buildTopology } from '$lib/topology/build';
import { mulberry32, syntheticNamespace } from '$lib/topology/synthetic';
import * as benchRng from '../../../bench/rng';

describe('syntheticNamespace (the benchmark picture)', () => {
  it('gives exactly 500 entities and 2,000 lines, the same every time', () => {
    const a = syntheticNamespace({ nodes: 500, edges: 2000 });
    const g = buildTopology({
      communications: a,
      decisions: [],
      selected: null,
      namespace: 'shop',
    });
    expect([g.nodes.length, g.edges.length]).toEqual([500, 2000]);
    expect(syntheticNamespace({ nodes: 500, edges: 2000 })).toEqual(a);
    // 150 member workloads of the namespace; the others are peers (workloads, nodes, IPs).
    expect(g.nodes.filter((n) => n.member).length).toBe(150);
    expect(new Set(g.nodes.map((n) => n.kind))).toEqual(new Set(['workload', 'node', 'ip']));
    expect(g.edges.some((e) => e.status === 'unresolved')).toBe(true);
  });

  it('connects every entity (no isolated node)', () => {
    const g = buildTopology({
      communications: syntheticNamespace({ nodes: 120, edges: 300, seed: 7 }),
      decisions: [],
      selected: null,
    });
    const touched = new Set(g.edges.flatMap((e) => [e.source, e.target]));
    expect([g.nodes.length, g.edges.length, touched.size]).toEqual([120, 300, 120]);
  });
});

describe('mulberry32 (the seeded PRNG of the topology picture and the bench data)', () => {
  it('gives the reference sequence of mulberry32 for a seed, seeds taken modulo 2^32', () => {
    const r = mulberry32(42);
    expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(mulberry32(2 ** 32 + 42)()).toBe(0.6011037519201636);
    const q = mulberry32(0xffffffff);
    expect([q(), q()]).toEqual([0.8964226141106337, 0.189478256739676]);
  });

  it('is the one the benchmark generator draws from', () => {
    expect(benchRng.mulberry32).toBe(mulberry32);
  });
});
