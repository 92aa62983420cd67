/**
 * Hubble exporter aggregated records (FORMATS.md §1; the stored flow-log shape of AKS ACNS):
 * GetFlowsResponse lines whose flow keeps only the fields of the exporter's `fieldMask` and
 * carries `aggregate.{ingress,egress,unknown_direction}_flow_count`. Often without IPs or
 * ports: endpoints resolve by their inline namespace, pod and workload. One record per count
 * kind, so that the observation-point dedupe sees the ingress and egress halves apart.
 */
import type { FlowRecord } from '../model/flow';
import { isObject, toNumber, type LineParser, type ParseContext } from './common';
import { hubbleJsonpbParser, type HubbleVariant } from './hubble';

type Obj = Record<string, unknown>;

/** Each aggregate counter and the traffic direction its flows were observed in. */
const COUNTERS: [string, string, FlowRecord['direction']][] = [
  ['ingress_flow_count', 'ingressFlowCount', 'ingress'],
  ['egress_flow_count', 'egressFlowCount', 'egress'],
  ['unknown_direction_flow_count', 'unknownDirectionFlowCount', 'unknown'],
];

function finish(r: FlowRecord, flow: Obj): FlowRecord[] {
  const agg = flow.aggregate;
  if (!isObject(agg)) return [r];
  const out: FlowRecord[] = [];
  for (const [snake, camel, direction] of COUNTERS) {
    const n = toNumber(agg[snake] ?? agg[camel]);
    if (n === undefined || n <= 0 || !Number.isInteger(n)) continue;
    out.push({ ...r, count: n, direction });
  }
  return out.length > 0 ? out : [r];
}

const AGGREGATED: HubbleVariant = { format: 'hubble-aggregated', finish, endpointsOnly: true };

export function hubbleAggregatedParser(ctx: ParseContext): LineParser {
  return hubbleJsonpbParser(ctx, AGGREGATED);
}

/** A GetFlowsResponse (or ExportEvent) whose flow carries exporter aggregation counts. */
export function isHubbleAggregated(o: Obj): boolean {
  return isObject(o.flow) && isObject(o.flow.aggregate);
}
