/**
 * V8 flags the CLI sets for its process when it reads flows with several threads, as it starts
 * its first worker thread (threads.ts): the flags are process-wide, so the workers and the main
 * thread's own parts compile with them.
 *
 * A smaller cumulative inlining budget for the optimizing compiler (V8's default is 920 bytes of
 * bytecode inlined into one function): every thread compiles the per-line path for itself, and
 * those compiles compete with the reading threads for the cores. With the smaller budget the
 * compiles cost a third less and the compiled code runs a little slower — a gain when several
 * threads compile, none on one thread, where the compiles run beside the reading thread on
 * another core (docs/SCALE.md, the optimizing compiler's round). The app (a browser) cannot set
 * V8 flags; only the code's own shape helps it.
 *
 * A flag the user gave Node on its command line is left as given (Node refuses this one in
 * NODE_OPTIONS).
 */
import { nodeV8 } from './builtins';

export const CLI_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=200'];

/** The flag's name: `--name` of `--name=value`. */
const nameOf = (flag: string): string => flag.split('=')[0] as string;

/** Whether the user set `flag` (by name, either spelling of its dashes) for this Node. */
function givenByUser(flag: string, given: readonly string[]): boolean {
  const name = nameOf(flag).replace(/_/g, '-');
  return given.some((g) => nameOf(g).replace(/_/g, '-') === name);
}

let applied = false;

/** Sets CLI_V8_FLAGS but those the user gave Node, once per process. */
export function applyV8Flags(given: readonly string[] = process.execArgv): void {
  if (applied) return;
  applied = true;
  const flags = CLI_V8_FLAGS.filter((f) => !givenByUser(f, given));
  if (flags.length > 0) nodeV8().setFlagsFromString(flags.join(' '));
}
