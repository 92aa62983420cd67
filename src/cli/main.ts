/**
 * netpolish CLI: dispatches `analyze`, `generate`, `connectivity`, `diff` and `sql` (DESIGN.md §5).
 * Each command module exports `run(args, io)`; exit codes 0 ok, 1 bad input/usage, 2 internal error.
 * This layer may use Node APIs; the engine it calls may not.
 */
import { type CliIo, nodeIo, UsageError } from './io';
import { visibleText } from '../lib/engine/index';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./analyze')).run,
  generate: async () => (await import('./generate')).run,
  connectivity: async () => (await import('./connectivity')).run,
  diff: async () => (await import('./diff')).run,
  sql: async () => (await import('./sql')).run,
};

export const USAGE = `Usage: netpolish <command> [options]

Commands:
  analyze       aggregate captured flows into communications per workload (--json)
  generate      print a NetworkPolicy for one workload (or a namespace)
  connectivity  list the connections allowed by the policies (connlist format; --explain: why)
  diff          the connectivity that changed between two folders of manifests
  sql           print a SQL script (DuckDB, Spark, Trino/Athena, BigQuery) that reduces raw
                flow logs to the aggregate file netpolish imports

Run 'netpolish <command> --help' for a command's options.`;

export async function main(argv: string[], out: CliIo = nodeIo()): Promise<number> {
  // stderr is always text for people: names from captures cannot drive the terminal there.
  const io: CliIo = {
    out: out.out,
    err: (t) => out.err(visibleText(t)),
    ...(out.ownProcess && { ownProcess: true }),
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(USAGE + '\n');
    return name ? 0 : 1;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(`netpolish: unknown command '${name}'\n\n${USAGE}\n`);
    return 1;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`netpolish ${name}: ${e.message}\n`);
      return 1;
    }
    io.err(
      `netpolish ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 2;
  }
}
