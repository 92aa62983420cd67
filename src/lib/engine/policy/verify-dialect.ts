/**
 * Verification in any dialect: each captured communication replayed through one dialect's
 * documents and the dump's own policies, as a cluster running that CNI would judge it — the
 * CNI enforces the Kubernetes NetworkPolicies beside its own, so on each side the connection is
 * allowed when the dialect's documents allow it, or when they do not isolate the pod and the
 * Kubernetes policies allow it, or when both isolate and the Kubernetes policies allow it; an
 * admin policy's Allow or Deny still decides first. Kubernetes itself (no `evaluate`) is
 * verifyCommunications. Denied rows have no `why`: the reasons are the k8s evaluator's.
 */
import type { Communication } from '../model/communication';
import type { EvalPeer } from '../evaluate/index';
import type { DirectionDecision } from '../evaluate/index';
import type { NetworkPolicy } from '../model/k8s';
import type { PolicyDialect } from './dialects/index';
import type { Probe, ProbePeer } from './dialects/probe';
import { verdictOf } from './verdict';
import { type CommVerdict, type VerifyInput, rowEnds, verifyCommunications } from './verify';

function probePeer(e: EvalPeer, c: Communication): ProbePeer {
  if (e.kind === 'pod') return { kind: 'pod', namespace: e.pod.namespace, labels: e.pod.labels };
  if (c.peer.type === 'node') return { kind: 'node', ip: e.ip };
  return { kind: 'ip', ip: e.ip, names: c.peer.type === 'ip' ? (c.peer.names ?? []) : [] };
}

function side(
  dialect: PolicyDialect,
  docs: readonly unknown[],
  k8s: DirectionDecision,
  probe: Omit<Probe, 'pod' | 'peer'>,
  self: EvalPeer,
  other: EvalPeer,
  c: Communication,
): DirectionDecision {
  if (self.kind !== 'pod') return k8s;
  if (k8s.admin && k8s.admin.action !== 'Pass') return k8s;
  const pod = { namespace: self.pod.namespace, labels: self.pod.labels };
  const v = dialect.evaluate!(docs, { ...probe, pod, peer: probePeer(other, c) });
  if (v === null) return k8s;
  return { ...k8s, isolated: true, allowed: v || (k8s.isolated && k8s.allowed) };
}

/** One verdict per communication, in input order, with `docs` in `dialect`. */
export function verifyInDialect(
  dialect: PolicyDialect,
  docs: readonly unknown[],
  input: Omit<VerifyInput, 'policies'>,
): CommVerdict[] {
  if (!dialect.evaluate) {
    return verifyCommunications({ ...input, policies: docs as NetworkPolicy[] });
  }
  const ends = rowEnds(input.inventory);
  return verifyCommunications({ ...input, policies: [], explain: false }).map((v) => {
    const e = ends(v.communication);
    if (v.allowed === null || typeof e === 'string' || !v.egress || !v.ingress) return v;
    const c = v.communication;
    const probe = { port: c.port, protocol: c.protocol };
    const egress = side(
      dialect,
      docs,
      v.egress,
      { ...probe, direction: 'egress' },
      e.src,
      e.dst,
      c,
    );
    const ingress = side(
      dialect,
      docs,
      v.ingress,
      { ...probe, direction: 'ingress' },
      e.dst,
      e.src,
      c,
    );
    const deniedBy =
      !egress.allowed && !ingress.allowed
        ? 'both'
        : !egress.allowed
          ? 'egress'
          : !ingress.allowed
            ? 'ingress'
            : null;
    const allowed = egress.allowed && ingress.allowed;
    return verdictOf(c, v.included, { allowed, egress, ingress, deniedBy }, null);
  });
}
