/**
 * The flow object the Hubble kernel's reader (hubble-kernel.ts) fills: every key `hubbleRecord`
 * reads (HUBBLE_FLOW_KEYS but `time`, which the reader parses itself), undefined unless the line
 * has it, so that every line's flow has one shape and each member is stored by name. An object
 * grown key by key in the line's order had a shape per key order (hubbleRecord's loads of the
 * ≈ 35 keys, most of them absent, went megamorphic) and each member was a keyed store through
 * V8's generic path. `hubbleRecord` reads the flow by name and never enumerates it, so a key
 * present as undefined gives the record an absent one gives.
 */
import { HUBBLE_FLOW_KEYS } from './hubble';

export interface FlowSlots {
  [key: string]: unknown;
}

/** A flow with every slot empty. */
export function newFlowSlots(): FlowSlots {
  return {
    IP: undefined,
    l4: undefined,
    is_reply: undefined,
    isReply: undefined,
    reply: undefined,
    trace_reason: undefined,
    traceReason: undefined,
    traffic_direction: undefined,
    trafficDirection: undefined,
    verdict: undefined,
    drop_reason_desc: undefined,
    dropReasonDesc: undefined,
    node_name: undefined,
    nodeName: undefined,
    source: undefined,
    destination: undefined,
    source_service: undefined,
    sourceService: undefined,
    destination_service: undefined,
    destinationService: undefined,
    source_names: undefined,
    sourceNames: undefined,
    destination_names: undefined,
    destinationNames: undefined,
    egress_allowed_by: undefined,
    egressAllowedBy: undefined,
    ingress_allowed_by: undefined,
    ingressAllowedBy: undefined,
    egress_denied_by: undefined,
    egressDeniedBy: undefined,
    ingress_denied_by: undefined,
    ingressDeniedBy: undefined,
    l7: undefined,
    extensions: undefined,
    aggregate: undefined,
  };
}

/** Index in HUBBLE_FLOW_KEYS of the first policy key; the keys from it on are the rare ones. */
export const FIRST_EXTRA = HUBBLE_FLOW_KEYS.indexOf('egress_allowed_by');

/**
 * Sets the member of HUBBLE_FLOW_KEYS index `index` (not `time`): a store by name. The cases
 * follow HUBBLE_FLOW_KEYS (a unit test holds each case to its key); false for an index without
 * a slot.
 */
export function setFlowSlot(f: FlowSlots, index: number, v: unknown): boolean {
  switch (index) {
    case 1:
      f.IP = v;
      return true;
    case 2:
      f.l4 = v;
      return true;
    case 3:
      f.is_reply = v;
      return true;
    case 4:
      f.isReply = v;
      return true;
    case 5:
      f.reply = v;
      return true;
    case 6:
      f.trace_reason = v;
      return true;
    case 7:
      f.traceReason = v;
      return true;
    case 8:
      f.traffic_direction = v;
      return true;
    case 9:
      f.trafficDirection = v;
      return true;
    case 10:
      f.verdict = v;
      return true;
    case 11:
      f.drop_reason_desc = v;
      return true;
    case 12:
      f.dropReasonDesc = v;
      return true;
    case 13:
      f.node_name = v;
      return true;
    case 14:
      f.nodeName = v;
      return true;
    case 15:
      f.source = v;
      return true;
    case 16:
      f.destination = v;
      return true;
    case 17:
      f.source_service = v;
      return true;
    case 18:
      f.sourceService = v;
      return true;
    case 19:
      f.destination_service = v;
      return true;
    case 20:
      f.destinationService = v;
      return true;
    case 21:
      f.source_names = v;
      return true;
    case 22:
      f.sourceNames = v;
      return true;
    case 23:
      f.destination_names = v;
      return true;
    case 24:
      f.destinationNames = v;
      return true;
    case 25:
      f.egress_allowed_by = v;
      return true;
    case 26:
      f.egressAllowedBy = v;
      return true;
    case 27:
      f.ingress_allowed_by = v;
      return true;
    case 28:
      f.ingressAllowedBy = v;
      return true;
    case 29:
      f.egress_denied_by = v;
      return true;
    case 30:
      f.egressDeniedBy = v;
      return true;
    case 31:
      f.ingress_denied_by = v;
      return true;
    case 32:
      f.ingressDeniedBy = v;
      return true;
    case 33:
      f.l7 = v;
      return true;
    case 34:
      f.extensions = v;
      return true;
    case 35:
      f.aggregate = v;
      return true;
  }
  return false;
}
