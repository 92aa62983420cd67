/**
 * The inventory: kubectl metadata → Inventory (parse, build, merge) and the resolution of
 * flow endpoints against it (IP/metadata → workload, node or IP; Service ports → pod ports).
 * Pure TypeScript: no DOM, no storage; indexes are rebuilt from the stored Inventory.
 */
export {
  parseMetadataBytes,
  parseMetadataText,
  sourceOf,
  type K8sObject,
  type ParseResult,
} from './parse';
export { buildInventory, mergeInventories, VOLATILE_LABELS } from './build';
export { isVolatileLabel, mapSelects, matchesSelector } from '../model/labels';
export { indexInventory, type InventoryIndex } from './inventory-index';
export { resolveEndpoint, type ResolvedEndpoint } from './resolve';
export {
  isKnownServerPort,
  resolveServerPort,
  serverPortCandidates,
  WELL_KNOWN_SERVER_PORTS,
} from './ports';
export { backingPods, podsOf, servicesSelecting } from './backing';
export { canonicalKind } from './rollup';
export { choosePod } from './lifetime';
export { contentsText, inventoryContents, type InventoryCount } from './contents';
