/**
 * Resolved endpoints, aggregated communications and the `analyze` view of them (DESIGN.md §3–5).
 * Aggregates store raw IPs; IP classes and aliases are applied at query time, so a new alias or
 * cluster CIDR never needs the files again.
 */
import type { CommKey, WorkloadRef } from './ids';

export type { WorkloadRef } from './ids';

/**
 * The Cilium identity an endpoint was reported with when it had no pod name (proxied traffic):
 * its namespace and pod labels (Cilium's own labels dropped). DESIGN.md §5 "Identity-only endpoints".
 */
export interface Identity {
  namespace: string;
  labels: Record<string, string>;
}

/**
 * A resolved endpoint as stored in aggregates. Workloads are top owners. An IP that came with
 * an identity no workload matched keeps it, so a dump imported later can still resolve it.
 */
export type Endpoint =
  | { type: 'workload'; kind: string; namespace: string; name: string }
  | { type: 'node'; name: string; ip: string }
  | { type: 'ip'; ip: string; identity?: Identity };

export type IpClass = 'internal' | 'external' | 'unknown';

/** A peer as reported to users (analyze JSON, UI tables). */
export type Peer =
  | { type: 'workload'; kind: string; namespace: string; name: string }
  | {
      type: 'ip';
      ip: string;
      class: IpClass;
      alias: string | null;
      /** The identity it was reported with, and why it names no one workload (several or none). */
      identity?: Identity;
      reason?: string;
      /** DNS names that answered to this IP while the row was active (sorted, lowercase). */
      names?: string[];
      /** Why it is unresolved, in words (asked for by the review; classify/explain.ts). */
      why?: string;
    }
  | { type: 'node'; name: string; ip: string };

/** Activity of one communication inside one time bucket. */
export interface Bucket {
  /** Bucket start, epoch ms (a multiple of its aggregate's bucketMs). */
  t: number;
  flows: number;
  first: number;
  last: number;
  /**
   * Flows of this bucket seen at the client's end / the server's end (absent = 0). `flows` is
   * max(atClient, atServer) + flows seen by neither: one connection reported by both its ends
   * counts once (see aggregate/tally.ts).
   */
  atClient?: number;
  atServer?: number;
}

/** One aggregated communication: connection initiations from client to server:port/proto. */
export interface CommAggregate {
  key: CommKey;
  cluster: string;
  client: Endpoint;
  server: Endpoint;
  /** The destination pod's port (after Service targetPort resolution). */
  port: number;
  protocol: string;
  flows: number;
  firstSeen: number | null;
  lastSeen: number | null;
  /** Activity by time bucket, sorted by t. Flows without time count only in `untimedFlows`. */
  buckets: Bucket[];
  /**
   * Width of the buckets in ms, chosen per import from its span (aggregate/width.ts: 1 s for
   * seconds of capture up to 1 min for hours). Absent on aggregates stored before widths
   * varied: one minute.
   */
  bucketMs?: number;
  untimedFlows: number;
  /** Untimed flows seen at the client's / the server's end (as Bucket.atClient/atServer). */
  untimedAtClient?: number;
  untimedAtServer?: number;
  /** Verdict name → flows (allowed, dropped, …) for display. */
  verdicts: Record<string, number>;
  /** Services (`namespace/name`) the flows were addressed to, when known. */
  via: string[];
  /**
   * Set on an undetermined pair (DESIGN.md §5 "Direction unknown"): events whose initiator
   * could not be decided. `client`/`server`/`port` are the likelier reading (the port
   * heuristics'); `clientPorts` the lowest and highest port seen at the client's end, the
   * server ports of the other reading. Never counted as connections; listed for a decision.
   */
  undetermined?: { clientPorts: [number, number] };
}

/** One communication from the side of a selected workload (the `analyze --json` shape, times in ms). */
export interface Communication {
  key: CommKey;
  direction: 'ingress' | 'egress';
  workload: WorkloadRef;
  peer: Peer;
  port: number;
  protocol: string;
  flows: number;
  firstSeen: number | null;
  lastSeen: number | null;
  via: string[];
  verdicts: Record<string, number>;
  /**
   * An undetermined pair read one way (its initiator unknown): excluded unless a decision
   * includes it. `endPort` closes a port range (the other reading's client ports).
   */
  undetermined?: true;
  endPort?: number;
}
