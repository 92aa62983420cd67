/**
 * The engine's one public entry: code outside src/lib/engine (the app, the worker, storage, the
 * CLI) imports only this module (a lint rule says so; tests may import internals). Most callers
 * want the workspace (workspace/workspace.ts): every question of the review over a storage.
 */
export { accountingText } from './aggregate/accounting';
export type { Accounting } from './aggregate/accounting';
export { restoreAggregate } from './aggregate/restore';
export { widthLabel } from './aggregate/timescale';
export { countedAggregates } from './aggregate/undetermined';
export type { HistogramPoint } from './aggregate/window';
export type { WorkloadSummary } from './aggregate/workloads';
export { parseAliasArg, parseCidrLenient } from './classify/index';
export type { Alias } from './classify/index';
export { aliasesByName, groupIpsByName } from './classify/by-name';
export type { NameGroup } from './classify/by-name';
export { normalizeName } from './model/names';
export { mergeNames, restoreNames } from './aggregate/names';
export type { IpName } from './model/names';
export { diffConnectivity } from './evaluate/diff';
export type { DiffSide } from './evaluate/diff';
export { DIFF_FORMATS, formatDiff } from './evaluate/diff-format';
export type { DiffFormat } from './evaluate/diff-format';
export {
  computeConnectivity,
  connectivityContext,
  formatConnlistJson,
  formatConnlistText,
  formatExplainReport,
  workloadPeers,
} from './evaluate/index';
export type { ConnectionWhy } from './evaluate/index';
export { detectFormatBytes } from './formats/index';
export { FLOW_FAMILIES_TEXT, formatLabel } from './formats/catalogue';
export { createSink, finishDiagnostics } from './formats/diagnostics';
export { reportGzipEnd } from './formats/gzip-notes';
export { buildInventory } from './inventory/build';
export { indexInventory, type InventoryIndex } from './inventory/index';
export { checkNamespace, findByName, knownNamespaces } from './inventory/lookup';
export { parseMetadataBytes } from './inventory/parse';
export type { K8sObject } from './inventory/parse';
export { restoreInventory } from './inventory/restore';
export { isGzip, peek, streamSource } from './io/bytes';
export { createContentHasher, hashingStream } from './io/content-hash';
export type { ContentHasher, Sha256 } from './io/content-hash';
export { gunzip, gunzipBytes } from './io/gunzip';
export { canonicalCidr, cidrContainsIp, toCidr } from './model/address';
export type { CommAggregate, Communication, IpClass, Peer } from './model/communication';
export { DIAGNOSTIC_CODES } from './model/diagnostic';
export type { Diagnostic } from './model/diagnostic';
export { sameWorkload, workloadKey, workloadKeys } from './model/ids';
export type { CommKey, WorkloadRef } from './model/ids';
export { ENTITY_TYPES } from './model/k8s';
export type { EntityType, Inventory, PodInfo, ServiceInfo, WorkloadInfo } from './model/k8s';
export { VOLATILE_LABELS, recordOf } from './model/labels';
export { shortLabel, titleText, visibleLine, visibleText } from './model/text';
export { parseTimeArg } from './model/time';
export { analyzeStreams } from './pipeline';
export type { AnalyzeInput, AnalyzeOptions, AnalyzeResult } from './pipeline';
export { readsByStage } from './pipeline-parts';
export type { FlowPart, PartReader, PartShard } from './pipeline-parts';
export type { FormatId } from './formats/types';
export {
  addManualRule,
  defaultDecisions,
  includedIpEntry,
  isIncluded,
  removeManualRule,
  setAllowDns,
  setGeneral,
  setIncluded,
  setReviewed,
} from './policy/decisions';
export type { Decisions, Direction, GeneralRule, ManualRule } from './policy/decisions';
export { DEFAULT_DIALECT, DIALECTS, dialectById } from './policy/dialects/index';
export { DIALECT_NAMES, isDialectId } from './policy/dialects/catalog';
export type { PolicyDialect } from './policy/dialects/index';
export type { DiffRow, ExistingDiff, ExistingReview } from './policy/existing';
export { render } from './policy/render';
export { summariseVerdicts } from './policy/verify-summary';
export type { Rendered } from './policy/render';
export type { PolicyWarning } from './policy/warnings';
export {
  BUCKET_NAMES,
  ENGINES,
  RECIPES,
  findRecipe,
  knownServerPorts,
  parseAwsFields,
  sqlScript,
} from './sql/index';
export type { EngineId } from './sql/index';
export {
  restoreAggregateRecords,
  restoreInventoryRecord,
  restoreNameRecord,
} from './restore/contents';
export type { AggregateRecord, InventoryRecord, NameRecord } from './restore/contents';
export {
  decisionId,
  restoreDecisionRecord,
  restoreDecisions,
  workloadOf,
} from './restore/decisions';
export type { DecisionRecord } from './restore/decisions';
export { restoreImportRecord } from './restore/imports';
export { mergeDecision, mergeSetting } from './restore/merge';
export type { DecisionMerge } from './restore/merge';
export type { ImportRecord, ImportStatus } from './restore/imports';
export type { Restored } from './restore/problems';
export {
  PREFERENCES_KEY,
  SCOPE_KEY,
  clusterSettingsKey,
  restoreClusterSettings,
  restorePreferences,
  restoreScope,
  restoreSettingRecord,
} from './restore/settings';
export type {
  AliasSetting,
  ClusterSettings,
  Preferences,
  SavedScope,
  SettingRecord,
} from './restore/settings';
export { restoreShards } from './restore/shards';
export { DIFF_SHOWN } from './workspace/review';
export { validationWarm, warmValidation } from './policy/validate';
export { mergedInventory } from './workspace/cluster-data';
export { aggregatingStage, readImport, readShard, readStage } from './workspace/import';
export type { AggregatingStage, ReadShard } from './workspace/import';
export type { ReadResult } from './formats/types';
export type { WireBatch } from './formats/record-wire';
export { readImportsInParts } from './workspace/import-parts';
export type { PartSource } from './workspace/import-parts';
export { setNewest } from './model/memo';
export { memoryStore } from './workspace/memory';
export type { MemoryStore } from './workspace/memory';
export type { StoredShard, WorkspaceStore } from './workspace/store';
export type {
  BundleRequest,
  HistogramView,
  NamespaceQuery,
  NamespaceStatus,
  PolicyRequest,
  PolicyView,
  PolicyText,
  PolicyCheck,
  ScopeQuery,
  WorkloadQuery,
} from './workspace/types';
export { createWorkspace } from './workspace/workspace';
export type { Workspace } from './workspace/workspace';
export { contentsText, inventoryContents } from './inventory/contents';
export type { InventoryCount } from './inventory/contents';
