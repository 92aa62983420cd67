/**
 * The explanation and the connectivity report come from two computations of the same tiers
 * (sets with reasons for `--explain`, plain sets for the report): on every netpol-analyzer
 * fixture (NetworkPolicy cases and the admin-policy depth cases) the allowed connections of
 * every pair must be the same in both. Workloads whose pods differ are left out (the report
 * takes the union over their pods, the explanation their first pod). Every denied port must
 * also come with a reason on the side that denies it. ipblockstest_4 (24k pairs)
 * is left to the connlist test: it alone would take seconds here.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeConnectivity,
  connectivityContext,
  evaluatePair,
  explainConnectivity,
  formatConns,
  workloadPeers,
} from '../../../../src/lib/engine/evaluate/index';
import { toConnSet } from '../../../../src/lib/engine/evaluate/explain/explained-conns';
import { loadCase } from './netpol-case-loader';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');
const folders = ['netpol-cases', 'netpol-depth'].flatMap((root) =>
  readdirSync(join(FIXTURES, root, 'tests'))
    .filter((c) => c !== 'ipblockstest_4')
    .map((c) => ({ root, c, dir: join(FIXTURES, root, 'tests', c) })),
);

describe('explain and connectivity agree', () => {
  it('covers both fixture sets', () => {
    expect(folders.length).toBeGreaterThan(80);
  });

  for (const { root, c, dir } of folders) {
    it(`${root}/${c}`, () => {
      const ctx = connectivityContext(loadCase(dir), {
        ipBlockMatchesPods: false,
        hostNetwork: 'pod',
      });
      const uneven = new Set(
        workloadPeers(ctx.pods)
          .filter(
            (w) =>
              new Set(w.pods.map((p) => JSON.stringify([p.labels, p.containerPorts]))).size > 1,
          )
          .map((w) => w.label),
      );
      const firstPod = new Map(workloadPeers(ctx.pods).map((w) => [w.label, w.pods[0]!]));
      const report = new Map(
        computeConnectivity(ctx).map((r) => [
          `${r.src.label} => ${r.dst.label}`,
          formatConns(r.conns),
        ]),
      );
      const pairs = explainConnectivity(ctx).filter(
        (p) => !uneven.has(p.src) && !uneven.has(p.dst),
      );
      for (const p of pairs) {
        const key = `${p.src} => ${p.dst}`;
        expect(formatConns(toConnSet(p.conns)), key).toBe(report.get(key) ?? 'No Connections');
        // Every denied port has a side that denies it, and that side says why.
        const points =
          p.conns.protos.size === 0
            ? [{ in: p.conns.all, why: p.conns.common }]
            : [...p.conns.protos.values()].flat();
        // evaluatePair agrees at the first port of every stretch (workload pairs).
        const [sp, dp] = [firstPod.get(p.src), firstPod.get(p.dst)];
        for (const [proto, segs] of sp && dp ? p.conns.protos : []) {
          for (const seg of segs.slice(0, 20)) {
            const v = evaluatePair(
              ctx,
              { kind: 'pod', pod: sp! },
              { kind: 'pod', pod: dp! },
              seg.start,
              proto,
            );
            expect(v.allowed, `${key} ${proto} ${seg.start}`).toBe(seg.in);
          }
        }
        for (const pt of points.filter((x) => !x.in)) {
          const denying = [pt.why.egress, pt.why.ingress].filter((d) => d.result === 'deny');
          expect(denying.length, key).toBeGreaterThan(0);
          for (const d of denying) expect(d.byKind.size, key).toBeGreaterThan(0);
        }
      }
    });
  }
});
