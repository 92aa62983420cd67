/**
 * Browser section (the review UI in Chromium, over the built app): on the largest synthetic
 * capture, scope change → table painted and Include toggle → YAML updated (bench/ui-browser.mjs);
 * then the tables at 10,000 rows (bench/ui-rows.mjs). Needs build/ (built when missing).
 */
import { measureUi, printUi } from '../ui-browser.mjs';
import { measureRows, printRows } from '../ui-rows.mjs';

export const name = 'ui-browser';

export async function run(ctx) {
  const size = Math.max(...ctx.sizes);
  const { flows, dump } = ctx.files[size];
  const log = (m) => process.stdout.write(`  ${m}\n`);
  const capture = await measureUi({ flows, dump, repeat: Math.max(5, ctx.repeat), log });
  const rows = await measureRows({ rows: 10_000, log });
  return { size, capture, rows };
}

export function print(result) {
  return [
    `${result.size.toLocaleString('en')}-flow capture:`,
    printUi(result.capture).replace(/^/gm, '  '),
    'review tables:',
    printRows(result.rows).replace(/^/gm, '  '),
  ].join('\n');
}
