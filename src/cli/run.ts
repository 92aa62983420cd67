/**
 * The process entry of the CLI (what `bin` runs, bundled into dist/netpolish.js): runs `main`
 * on the process arguments and sets the exit code. Kept apart from main.ts, which tests import.
 */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
