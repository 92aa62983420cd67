/**
 * `netpolish sql` (DESIGN.md §5, docs/SCALE.md): prints the script that reduces raw logs to the
 * aggregate file in an existing engine. `--metadata` feeds the dump's server ports to the port
 * heuristics (as the engine's import would use them); `--fields` gives an AWS custom log format.
 */
import {
  type CliIo,
  helpAsked,
  openStream,
  parseArgs,
  readableInputs,
  single,
  UsageError,
} from './io';
import { formatDiagnostic } from './options';
import {
  analyzeStreams,
  BUCKET_NAMES,
  ENGINES,
  findRecipe,
  indexInventory,
  knownServerPorts,
  parseAwsFields,
  RECIPES,
  sqlScript,
  type EngineId,
} from '../lib/engine/index';

export const SQL_USAGE = `Usage: netpolish sql --engine <engine> --format <format> --input <path|glob|URI> --output <path|URI>

Prints a SQL script for an existing engine that reads raw flow logs and writes the netpolish
aggregate file (Parquet; a folder of part files for Spark, Trino and BigQuery). Import that
file (or folder) like any capture: the same communications, counts and first/last seen.

Options:
  --engine <engine>          ${ENGINES.join('|')} (trino: the DDL is Athena's)
  --format <format>          ${RECIPES.map((r) => r.id).join('|')}
  --input <path|glob|URI>    the raw logs (DuckDB: files or a glob; Spark: a path; Trino and
                             BigQuery: an s3:// or gs:// location, or a table with a 'line' column)
  --output <path|URI>        where the aggregate file (or folder) is written
  --fields "<log format>"    aws-vpc: the flow log's format (\${version} \${srcaddr} … or the
                             header line); default: the v2 default format
  --bucket <width>           ${Object.keys(BUCKET_NAMES).join('|')}: the width of the rows' time buckets
                             (default 1m); finer keeps windows inside a minute exact, in
                             more rows
  --metadata <file|dir>...   kubectl dumps: their Services' and pods' ports are server ports
                             for the port heuristics, as when importing the raw logs with them
  --help                     this text
`;

async function knownPorts(paths: string[], io: CliIo): Promise<[string, number, string][]> {
  if (paths.length === 0) return [];
  const files = await readableInputs(paths);
  const r = await analyzeStreams(files.map((f) => ({ name: f.name, open: () => openStream(f) })));
  for (const d of r.diagnostics) io.err(formatDiagnostic(d));
  return knownServerPorts(indexInventory(r.inventory));
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (helpAsked(args, io, SQL_USAGE)) return 0;
  const p = parseArgs(args, {
    values: ['engine', 'format', 'input', 'output', 'fields', 'metadata', 'bucket'],
    flags: ['help'],
    multiValue: ['metadata'],
  });
  const engine = required(single(p, 'engine'), 'engine');
  if (!(ENGINES as string[]).includes(engine)) {
    throw new UsageError(`--engine '${engine}' is not one of ${ENGINES.join(', ')}`);
  }
  const format = required(single(p, 'format'), 'format');
  if (!findRecipe(format)) {
    throw new UsageError(
      `--format '${format}' has no recipe; one of ${RECIPES.map((r) => r.id).join(', ')}`,
    );
  }
  const fields = single(p, 'fields');
  if (fields !== undefined && format !== 'aws-vpc')
    throw new UsageError('--fields is for aws-vpc only');
  const bucket = single(p, 'bucket');
  const bucketMs = bucket === undefined ? undefined : BUCKET_NAMES[bucket];
  if (bucket !== undefined && bucketMs === undefined) {
    throw new UsageError(
      `--bucket '${bucket}' is not one of ${Object.keys(BUCKET_NAMES).join(', ')}`,
    );
  }
  io.out(
    sqlScript({
      bucketMs,
      engine: engine as EngineId,
      format,
      input: required(single(p, 'input'), 'input'),
      output: required(single(p, 'output'), 'output'),
      fields: fields === undefined ? undefined : parseAwsFields(fields),
      knownPorts: await knownPorts(p.values.get('metadata') ?? [], io),
    }),
  );
  return 0;
}
