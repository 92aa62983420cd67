/**
 * The Spark, Trino (Athena) and BigQuery scripts cannot run in CI: each statement is parsed by
 * that engine's grammar instead — dt-sql-parser's SparkSQL and TrinoSQL (ANTLR grammars from
 * those projects) and HiveSQL for Athena's DDL; sql-parser-cst's BigQuery dialect. Syntax only:
 * function names, argument types and the engines' runtime behaviour are not checked.
 */
import { HiveSQL, SparkSQL, TrinoSQL } from 'dt-sql-parser';
import { parse } from 'sql-parser-cst';
import { describe, expect, it } from 'vitest';
import { AWS_V2_FIELDS, RECIPES, sqlScript, type EngineId } from '../../../../src/lib/engine/sql';

const spark = new SparkSQL();
const trino = new TrinoSQL();
const hive = new HiveSQL();

/** Statements of a script (comment lines dropped), without their `;`. */
function statements(script: string): string[] {
  return script
    .split(/;\s*$/m)
    .map((s) =>
      s
        .split('\n')
        .filter((l) => !l.startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter(Boolean);
}

/** Syntax errors of one statement for `engine` (empty when it parses). */
function errors(engine: Exclude<EngineId, 'duckdb'>, sql: string): string[] {
  if (engine === 'bigquery') {
    try {
      parse(sql, { dialect: 'bigquery' });
      return [];
    } catch (e) {
      return [(e as Error).message.split('\n')[0] ?? 'syntax error'];
    }
  }
  // Athena runs its DDL on Hive: the external table over the raw files is HiveQL.
  const parser = engine === 'spark' ? spark : sql.startsWith('CREATE EXTERNAL') ? hive : trino;
  return parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
}

const IO: Record<Exclude<EngineId, 'duckdb'>, { input: string; output: string }> = {
  spark: { input: '/data/hubble/*.json.gz', output: '/data/netpolish-aggregate' },
  trino: { input: 's3://logs/vpc/AWSLogs/', output: 's3://logs/netpolish-aggregate/' },
  bigquery: { input: 'gs://logs/vpc/*.json', output: 'gs://logs/netpolish-aggregate/' },
};
const PORTS: [string, number, string][] = [
  ['10.244.1.7', 9080, 'TCP'],
  ["10.0.0.1'", 5353, 'UDP'],
];

describe('the Spark, Trino and BigQuery recipes parse in their dialect', () => {
  for (const engine of ['spark', 'trino', 'bigquery'] as const) {
    for (const recipe of RECIPES) {
      // The known-ports table is spelled two ways (empty, VALUES/UNNEST): both, for one format.
      for (const ports of recipe.id === 'hubble-jsonpb' ? [[], PORTS] : [PORTS]) {
        it(`${engine} ${recipe.id}, ${ports.length} known ports`, () => {
          const fields =
            recipe.id === 'aws-vpc' ? [...AWS_V2_FIELDS, 'tcp-flags', 'flow-direction'] : undefined;
          const script = sqlScript({
            engine,
            format: recipe.id,
            ...IO[engine],
            knownPorts: ports,
            fields,
          });
          const list = statements(script);
          expect(list.length).toBeGreaterThanOrEqual(
            engine === 'spark' || engine === 'trino' ? 2 : 2,
          );
          for (const s of list) expect(errors(engine, s), s.slice(0, 80)).toEqual([]);
        });
      }
    }
  }

  it('an existing table as input: no DDL, the query reads it', () => {
    const script = sqlScript({
      engine: 'trino',
      format: 'aws-vpc',
      input: 'logs.vpc_lines',
      output: 's3://o/',
    });
    expect(statements(script)).toHaveLength(1);
    expect(script).toContain('SELECT line FROM logs.vpc_lines');
  });

  it('the checks catch a broken script in every dialect', () => {
    for (const engine of ['spark', 'trino', 'bigquery'] as const) {
      const script = sqlScript({ engine, format: 'hubble-jsonpb', ...IO[engine] });
      const last = statements(script).at(-1)!;
      const broken = last.replace('GROUP BY', 'GROUP BY BY');
      expect(errors(engine, broken).length, engine).toBeGreaterThan(0);
      expect(errors(engine, last.replace(/\)\s*$/, ''))).not.toEqual(null);
    }
  });
});
