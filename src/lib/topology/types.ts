/**
 * The topology picture as plain data: nodes (workloads, Services, Kubernetes nodes, IPs) and
 * edges (who initiated traffic to whom, with the review rows behind each line), colours included.
 * Built by build.ts from the engine's communications and the user's decisions; drawn by the
 * sigma owner in components/topology. No DOM, no sigma, no Svelte here.
 */
import type { Communication, IpClass, WorkloadRef } from '$lib/engine';
import { LIGHT, type Tone } from './palette';

/**
 * The contract colours (DESIGN.md §1.5, after the reference tool): lines black = resolved and
 * allowed by the policy, red = not resolved or not in the policy; entities blue = the selected
 * workload, black = every other entity. Service → backing workload links are grey (not traffic).
 */
export const TOPOLOGY_COLORS = {
  selected: LIGHT.selected,
  entity: LIGHT.entity,
  allowed: LIGHT.allowed,
  denied: LIGHT.denied,
  serviceLink: LIGHT.serviceLink,
  background: LIGHT.background,
} as const;

/** `namespace`: a collapsed group (a namespace, or all nodes, or all IPs) drawn as one entity. */
export type NodeKind = 'workload' | 'service' | 'node' | 'ip' | 'namespace';

/** What the hover card says about one entity. Every list is sorted; maps are null-prototype safe. */
export interface NodeDetails {
  workload?: WorkloadRef;
  /** Pod labels of the workload (volatile ones dropped), or a Service's own labels. */
  labels: [string, string][];
  /** Ports the entity listens on, e.g. `9080/TCP` (observed as a server, plus declared ports). */
  ports: string[];
  /** Services (`namespace/name`) in front of the entity. */
  services: string[];
  ip?: string;
  ipClass?: IpClass;
  alias?: string | null;
  /** Flows the entity initiated / received in the picture, and when. */
  flowsOut: number;
  flowsIn: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

export interface TopologyNode {
  /** `workload:Kind/ns/name`, `service:ns/name`, `node:name@ip` or `ip:addr`. */
  id: string;
  kind: NodeKind;
  label: string;
  /** The selected workload (blue), or a workload of the namespace in the namespace view. */
  selected: boolean;
  /** In the namespace view: a workload of that namespace (else a peer). */
  member: boolean;
  /** The colour on the light canvas; `tone` names it in any palette (palette.ts). */
  color: string;
  tone: Tone;
  size: number;
  /** The group it belongs to in the cluster view: its namespace, `(nodes)` or `(IPs)`. */
  group: string;
  /** A collapsed group: how many entities it stands for. */
  members?: number;
  details: NodeDetails;
}

/** Why a line has its colour. `allowed` is black; the others are red. */
export type EdgeStatus = 'allowed' | 'excluded' | 'unresolved';

/**
 * One review row (one Ingress or Egress table row) behind a line: its communication, less the
 * peer the line itself shows.
 */
export interface EdgeRow extends Omit<Communication, 'peer'> {
  /** The row's Include checkbox. */
  included: boolean;
  /** A workload or node peer, an aliased IP, or an IP the user included as such. */
  resolved: boolean;
  /** Allowed by a general rule (Allow all / Allow all inside namespace) even when not included. */
  byGeneralRule: boolean;
  status: EdgeStatus;
}

export interface TopologyEdge {
  /** `source->target` (traffic) or `source=>target` (Service link). */
  id: string;
  source: string;
  target: string;
  kind: 'traffic' | 'service';
  rows: EdgeRow[];
  /** Worst status of its rows: a line is black only when every row behind it is allowed. */
  status: EdgeStatus;
  color: string;
  tone: Tone;
  size: number;
  flows: number;
  /** `9080/TCP, 53/UDP` */
  ports: string[];
}

export interface TopologyGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}
