/**
 * Builds the topology picture from the engine's communications (one row per selected workload,
 * direction, peer, port, protocol), the user's decisions and the selection: one node per entity,
 * one line per (client, server) pair with the rows behind it, routed through the Service the flows
 * were addressed to when known. Pure and deterministic (sorted output); no DOM.
 */
import {
  defaultDecisions,
  shortLabel,
  workloadKey,
  type Communication,
  type Decisions,
  type Peer,
  type WorkloadRef,
} from '$lib/engine';
import { edgeTone, flowsOf, lineWidth, rowOf, worstStatus } from './status';
import { entityId, nodeLabel, serviceId } from './ids';
import { TOPOLOGY_COLORS, type EdgeRow, type TopologyEdge, type TopologyGraph } from './types';
import type { TopologyNode } from './types';
import { emptyDetails, mergeFacts, type EntityFacts } from './facts';
import { compare, comparePorts } from './order';
import { groupOfPeer } from './groups';

export interface TopologyInput {
  communications: readonly Communication[];
  /** The decisions of each selected workload; a workload without any takes the defaults. */
  decisions: readonly Decisions[];
  /** The workload drawn blue (null in a namespace view without a selected workload). */
  selected: WorkloadRef | null;
  /** The namespace whose names are shown short (defaults to the selected workload's). */
  namespace?: string;
  /** Labels, declared ports and Services per node id, from the inventory (facts.ts). */
  facts?: ReadonlyMap<string, EntityFacts>;
  /**
   * Draws the Services in front of each server workload (and the selected one), from the
   * facts, with a grey Service → workload link, even when the flows went to the pods directly.
   */
  serviceLinks?: boolean;
}

interface Builder {
  input: TopologyInput;
  home: string | undefined;
  nodes: Map<string, TopologyNode>;
  edges: Map<string, TopologyEdge>;
  decisions: (w: WorkloadRef) => Decisions;
}

export function buildTopology(input: TopologyInput): TopologyGraph {
  const b: Builder = {
    input,
    home: input.namespace ?? input.selected?.namespace,
    nodes: new Map(),
    edges: new Map(),
    decisions: decisionsLookup(input.decisions),
  };
  if (input.selected) ensureWorkload(b, input.selected);
  for (const c of input.communications) addCommunication(b, c);
  for (const n of b.nodes.values()) mergeFacts(n.details, input.facts?.get(n.id));
  if (input.serviceLinks) addServiceLinks(b);
  for (const e of b.edges.values()) finishEdge(e);
  for (const e of b.edges.values()) countFlows(b.nodes, e);
  return {
    nodes: [...b.nodes.values()].sort((x, y) => compare(x.id, y.id)),
    edges: [...b.edges.values()].sort((x, y) => compare(x.id, y.id)),
  };
}

function decisionsLookup(list: readonly Decisions[]): (w: WorkloadRef) => Decisions {
  const byKey = new Map(list.map((d) => [workloadKey(d.workload), d]));
  return (w) => byKey.get(workloadKey(w)) ?? defaultDecisions(w);
}

function addCommunication(b: Builder, c: Communication): void {
  const w = ensureWorkload(b, c.workload);
  w.member = true;
  const p = ensureNode(b, c.peer);
  const [client, server] = c.direction === 'ingress' ? [p, w] : [w, p];
  const row = rowOf(b.decisions(c.workload), c);
  const via = viaService(b, c, client.id, server.id);
  if (via) {
    addRow(b, client.id, via.id, 'traffic', row);
    addRow(b, via.id, server.id, 'service', row);
    addListening(via, row, null);
  } else {
    addRow(b, client.id, server.id, 'traffic', row);
  }
  addListening(server, row, via?.id.slice('service:'.length) ?? null);
  for (const n of [client, server, ...(via ? [via] : [])]) seen(n, row);
}

/** The Service node the flows were addressed to (the first, when several), unless it is an end. */
function viaService(
  b: Builder,
  c: Communication,
  clientId: string,
  serverId: string,
): TopologyNode | null {
  const name = [...c.via].sort(compare).find((v) => {
    const id = serviceId(v);
    return id !== clientId && id !== serverId;
  });
  return name === undefined ? null : viaServiceNode(b, name);
}

function ensureWorkload(b: Builder, w: WorkloadRef): TopologyNode {
  return ensureNode(b, { type: 'workload', kind: w.kind, namespace: w.namespace, name: w.name });
}

function ensureNode(b: Builder, peer: Peer): TopologyNode {
  const id = entityId(peer);
  let node = b.nodes.get(id);
  if (!node) {
    node = newNode(b, id, peer);
    b.nodes.set(id, node);
  }
  return node;
}

function newNode(b: Builder, id: string, peer: Peer): TopologyNode {
  const s = b.input.selected;
  const selected = peer.type === 'workload' && s !== null && workloadKey(s) === workloadKey(peer);
  const details = emptyDetails();
  if (peer.type === 'workload') {
    details.workload = { kind: peer.kind, namespace: peer.namespace, name: peer.name };
  } else {
    details.ip = peer.ip;
  }
  if (peer.type === 'ip') {
    details.ipClass = peer.class;
    details.alias = peer.alias;
  }
  const kind =
    peer.type === 'workload' ? (peer.kind === 'Service' ? 'service' : 'workload') : peer.type;
  return {
    id,
    kind,
    // Names from captures: escapes visible, at most 60 characters on the canvas.
    label: shortLabel(nodeLabel(peer, b.home), 60),
    selected,
    member: false,
    color: selected ? TOPOLOGY_COLORS.selected : TOPOLOGY_COLORS.entity,
    tone: selected ? 'selected' : 'entity',
    size: selected ? 14 : kind === 'workload' ? 9 : 7,
    group: groupOfPeer(peer),
    details,
  };
}

function addRow(
  b: Builder,
  source: string,
  target: string,
  kind: TopologyEdge['kind'],
  row: EdgeRow | null,
): void {
  const id = kind === 'traffic' ? `${source}->${target}` : `${source}=>${target}`;
  let edge = b.edges.get(id);
  if (!edge) {
    edge = {
      id,
      source,
      target,
      kind,
      rows: [],
      status: 'allowed',
      color: '',
      tone: 'allowed',
      size: 1,
      flows: 0,
      ports: [],
    };
    b.edges.set(id, edge);
  }
  if (row && !edge.rows.some((r) => r.key === row.key)) edge.rows.push(row);
}

/** A server listens on the row's port; `via` is the Service the client addressed. */
function addListening(server: TopologyNode, row: EdgeRow, via: string | null): void {
  const port = `${row.port}/${row.protocol}`;
  if (!server.details.ports.includes(port)) server.details.ports.push(port);
  if (via !== null && !server.details.services.includes(via)) server.details.services.push(via);
}

function seen(n: TopologyNode, row: EdgeRow): void {
  n.details.firstSeen = minNullable(n.details.firstSeen, row.firstSeen);
  n.details.lastSeen = maxNullable(n.details.lastSeen, row.lastSeen);
}

/** Flows out of a line's client, into its server (through the Service link for a backend). */
function countFlows(nodes: Map<string, TopologyNode>, e: TopologyEdge): void {
  if (e.kind === 'traffic') {
    const source = nodes.get(e.source);
    if (source) source.details.flowsOut += e.flows;
  }
  const target = nodes.get(e.target);
  if (target) target.details.flowsIn += e.flows;
}

/** Totals (status.ts flowsOf), ports and colour of a line. */
function finishEdge(e: TopologyEdge): void {
  e.rows.sort((x, y) => compare(x.key, y.key));
  e.status = worstStatus(e.rows);
  e.tone = edgeTone(e.kind, e.status);
  e.color = TOPOLOGY_COLORS[e.tone];
  e.flows = flowsOf(e.rows);
  e.ports = [...new Set(e.rows.map((r) => `${r.port}/${r.protocol}`))].sort(comparePorts);
  e.size = lineWidth(e.kind, e.flows);
}

/**
 * The Services (from the inventory facts) in front of every workload that receives traffic in
 * the picture, and of the selected one: a Service node and its grey link to the workload.
 */
function addServiceLinks(b: Builder): void {
  const servers = new Set([...b.edges.values()].map((e) => e.target));
  for (const n of [...b.nodes.values()]) {
    if (n.kind !== 'workload' || (!n.selected && !servers.has(n.id))) continue;
    for (const name of n.details.services) {
      const svc = viaServiceNode(b, name);
      mergeFacts(svc.details, b.input.facts?.get(svc.id));
      addRow(b, svc.id, n.id, 'service', null);
    }
  }
}

function viaServiceNode(b: Builder, name: string): TopologyNode {
  const slash = name.indexOf('/');
  return ensureWorkload(b, {
    kind: 'Service',
    namespace: name.slice(0, slash),
    name: name.slice(slash + 1),
  });
}

function minNullable(x: number | null, y: number | null): number | null {
  if (x === null) return y;
  return y === null ? x : Math.min(x, y);
}

function maxNullable(x: number | null, y: number | null): number | null {
  if (x === null) return y;
  return y === null ? x : Math.max(x, y);
}
