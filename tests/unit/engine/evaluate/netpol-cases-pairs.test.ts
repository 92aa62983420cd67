/**
 * evaluatePair against the netpol-analyzer oracle: for sampled (src workload or external
 * address, dst, protocol, port) of every case, the verdict must equal what the expected
 * connlist file says for that pair (tests/fixtures/netpol-cases, see its SOURCES.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  connectivityContext,
  evaluatePair,
  peerOwner,
  type EvalPeer,
} from '../../../../src/lib/engine/evaluate/index';
import { ipValue, formatIp } from '../../../../src/lib/engine/evaluate/ip-set';
import type { PodInfo } from '../../../../src/lib/engine/model/k8s';
import { loadCase } from './netpol-case-loader';

const ROOT = join(import.meta.dirname, '../../../fixtures/netpol-cases');
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
  cases: { name: string; inputDir: string; expected: string }[];
};

/** "TCP 8080,9090,UDP 53-54" → whether (protocol, port) is in it. */
function connsAllow(conns: string, protocol: string, port: number): boolean {
  if (conns === 'All Connections') return true;
  let current = '';
  for (const token of conns.split(',')) {
    const [head, tail] = token.includes(' ') ? token.split(' ') : [current, token];
    current = head!;
    const [a, b] = tail!.split('-').map(Number);
    if (current === protocol && a! <= port && port <= (b ?? a!)) return true;
  }
  return false;
}

interface External {
  label: string;
  first: string;
}

function externals(lines: string[], side: 0 | 1): External[] {
  const labels = new Set(
    lines
      .map((l) => l.split(' => ')[side]!.split(' : ')[0]!)
      .filter((l) => l.endsWith('[External]')),
  );
  return [...labels].map((label) => ({ label, first: label.split('-')[0]! }));
}

function labelOf(p: PodInfo): string {
  const o = peerOwner(p);
  return `${p.namespace}/${o.name}[${o.kind}]`;
}

describe('evaluatePair agrees with the netpol-analyzer expected outputs', () => {
  for (const c of manifest.cases) {
    it(c.name, () => {
      const ctx = connectivityContext(loadCase(join(ROOT, c.inputDir)), {
        ipBlockMatchesPods: false,
      });
      const lines = readFileSync(join(ROOT, c.expected), 'utf8').trim().split('\n');
      const conns = new Map(lines.map((l) => [l.split(' : ')[0]!, l.split(' : ')[1]!]));
      const taken = new Set(ctx.pods.flatMap((p) => [...p.ips, p.hostIP ?? '']));
      const usable = (e: External) => !taken.has(e.first);
      const srcExt = externals(lines, 0).filter(usable);
      const dstExt = externals(lines, 1).filter(usable);
      const mentioned = lines.flatMap((l) => l.match(/\d+/g)?.map(Number) ?? []);
      const declared = ctx.pods.flatMap((p) => p.containerPorts.map((cp) => cp.containerPort));
      const ports = [...new Set([...mentioned, ...declared])].filter((p) => p <= 65535);
      const peerArb = (ext: External[]) =>
        fc.oneof(
          fc
            .constantFrom(...ctx.pods)
            .map((p) => ({ peer: { kind: 'pod', pod: p } as EvalPeer, label: labelOf(p) })),
          ...(ext.length > 0
            ? [
                fc
                  .constantFrom(...ext)
                  .map((e) => ({ peer: { kind: 'ip', ip: e.first } as EvalPeer, label: e.label })),
              ]
            : []),
        );
      const portArb = fc.oneof(
        fc.integer({ min: 1, max: 65535 }),
        fc.constantFrom(...ports, 1, 65535),
      );
      fc.assert(
        fc.property(
          peerArb(srcExt),
          peerArb(dstExt),
          fc.constantFrom('TCP', 'UDP', 'SCTP'),
          portArb,
          (s, d, proto, port) => {
            fc.pre(s.label !== d.label && !(s.peer.kind === 'ip' && d.peer.kind === 'ip'));
            const verdict = evaluatePair(ctx, s.peer, d.peer, port, proto).allowed;
            const expectedConns = conns.get(`${s.label} => ${d.label}`);
            return (
              verdict === (expectedConns !== undefined && connsAllow(expectedConns, proto, port))
            );
          },
        ),
        { numRuns: 400, seed: 20261126 },
      );
    });
  }
});

it('the IP helpers round-trip the block starts used above', () => {
  fc.assert(
    fc.property(fc.ipV4(), (ip) => formatIp(4, ipValue(ip)!.value) === ip),
    { numRuns: 200, seed: 7 },
  );
});
