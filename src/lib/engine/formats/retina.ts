/**
 * Microsoft Retina / AKS Advanced Container Networking Services flows (FORMATS.md §2): the
 * Hubble flow proto unchanged, written as GetFlowsResponse lines, so the Hubble parser reads
 * them; Retina adds verdicts the enum lacks (printed as numbers), byte counts in
 * `flow.extensions`, and ACNS names nodes `<cluster>/aks-…`. Who opened the connection:
 * `is_reply`, else `trace_reason`, else as Hubble (TCP SYN without ACK, UDP to a server port).
 */
import type { FlowRecord } from '../model/flow';
import { isObject, str, toNumber, type LineParser, type ParseContext } from './common';
import { hubbleJsonpbParser, type HubbleVariant } from './hubble';

type Obj = Record<string, unknown>;

/** NOTE: Retina's own verdicts (microsoft/retina pkg/utils/flow_utils.go), outside Cilium's enum. */
const RETINA_VERDICTS: Record<string, string> = { '15': 'RETRANSMISSION', '16': 'DNS' };

/** ACNS node names: `<cluster>/aks-<pool>-<id>-vmss<n>` (AKS names every node `aks-…`). */
const AKS_NODE = /(^|\/)aks-[a-z0-9]/;

/** The extension struct: `{"@type": …Struct, "value": {bytes, …}}`, or its fields inline. */
function extensionFields(flow: Obj): Obj | undefined {
  const ext = flow.extensions;
  if (!isObject(ext)) return undefined;
  return isObject(ext.value) ? ext.value : ext;
}

function finish(r: FlowRecord, flow: Obj): FlowRecord[] {
  const named = r.verdictRaw !== undefined ? RETINA_VERDICTS[r.verdictRaw] : undefined;
  if (named) {
    r.verdictRaw = named;
    // A retransmission or a DNS packet Retina saw went through: it was not dropped.
    r.verdict = 'allowed';
  }
  const bytes = toNumber(extensionFields(flow)?.bytes);
  if (bytes !== undefined) r.bytes = bytes;
  return [r];
}

const RETINA: HubbleVariant = { format: 'retina', finish };

export function retinaParser(ctx: ParseContext): LineParser {
  return hubbleJsonpbParser(ctx, RETINA);
}

/**
 * A GetFlowsResponse whose flow carries Retina's marks: its extensions or a verdict number,
 * or the ACNS shape (`trace_reason` and endpoint `workloads`) observed on an AKS node.
 */
export function isRetina(o: Obj): boolean {
  const flow = o.flow;
  if (!isObject(flow)) return false;
  if (isObject(flow.extensions) || typeof flow.verdict === 'number') return true;
  const node = str(flow.node_name ?? o.node_name);
  const workloads = [flow.source, flow.destination].some(
    (ep) => isObject(ep) && Array.isArray(ep.workloads),
  );
  return flow.trace_reason !== undefined && workloads && node !== undefined && AKS_NODE.test(node);
}
