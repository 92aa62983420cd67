/**
 * The SQL recipes' public entry points (`netpolish sql`, docs/SCALE.md): one script per engine
 * and format that reduces raw logs to the aggregate file the app and the CLI import.
 */
export { ENGINES, type EngineId } from './dialects';
export { AWS_V2_FIELDS, parseAwsFields } from './flow-logs';
export { knownServerPorts } from './known-ports';
export { BUCKET_NAMES, findRecipe, RECIPES, sqlScript, type SqlRequest } from './recipe';
