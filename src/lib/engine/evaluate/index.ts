/**
 * NetworkPolicy evaluation (SEMANTICS.md): per-connection verdicts, connection sets, the
 * connectivity report and its connlist formatting. The public entry of `evaluate/`.
 */
export type { EvalContext, HostNetworkMode } from './context';
export { evaluatePair, pairEvaluator, OPEN_SIDE } from './evaluate-pair';
export type { AdminDecision, EvalPeer, DirectionDecision, PairVerdict } from './evaluate-pair';
export { matchesSelector } from '../model/labels';
export { policyNormalize, policyKey } from './normalize';
export { computeConnectivity, workloadPeers, peerOwner } from './connectivity';
export type { ConnPeer, ExternalPeer, PeerConnection, WorkloadPeer } from './connectivity';
export { connlistRows, formatConnlistJson, formatConnlistText } from './connlist';
export type { ConnlistRow } from './connlist';
export { formatConns, connsContain, isAllConns, isNoConns } from './conn-set';
export type { ConnSet, PortRange, Protocol } from './conn-set';
export { connectivityContext, templatePod } from './connectivity-input';
export type { ConnectivityOptions } from './connectivity-input';
export {
  explainConnectivity,
  explainEndpoints,
  formatExplainReport,
} from './explain/explain-report';
export { formatExplain, pairExplanation } from './explain/explain-text';
export type { ExplainedPair } from './explain/explain-text';
export { connectionExplainer, explainConnection, whyLines } from './explain/why';
export type { ConnectionWhy, DirectionWhy } from './explain/why';
export { adminPoliciesSelecting } from './admin-match';
