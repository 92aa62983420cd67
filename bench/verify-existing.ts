/**
 * A workload's verification with and without one NetworkPolicy in its namespace, in Node: the
 * bundled bookinfo dump (as it is, and with a policy that selects another workload's pods) and
 * `--rows` egress rows of productpage-v1 to distinct public IPs (bench/ui-rows.mjs's capture),
 * imported into an in-memory workspace; then the policy of the first choice (default
 * decisions), of a bulk inclusion of every row, and of a bulk exclusion, each written
 * (`policyText`) and verified (`policyCheck`) — CPU ms of each verification, `--rounds` times
 * per dump in a fresh workspace, the two dumps alternating. Prints one JSON line per dump with
 * the medians.
 *
 *   node --import tsx bench/verify-existing.ts [--rows 600] [--rounds 5] [--policy ingress|egress|both]
 *        [--selects ratings|productpage] [--out answers.json]
 *
 * Profile one side: `node --cpu-prof --import tsx bench/verify-existing.ts --only policy`.
 */
import { writeFileSync } from 'node:fs';
import { defaultDecisions, setIncluded } from '../src/lib/engine/policy/decisions';
import { SCOPE, WORKLOAD, arg, bookinfoDump, rowsCapture, workspaceOf } from './review-workspace';

const ROWS = Number(arg('rows', '600'));
const ROUNDS = Number(arg('rounds', '5'));
const TYPES = arg('policy', 'ingress');
const ONLY = arg('only', '');
/** Writes each answer of the first round (policyText and policyCheck per step) as JSON there. */
const OUT = arg('out', '');
const answers: Record<string, unknown> = {};
/** The app the policy selects: another workload's (ratings) or the reviewed one's (productpage). */
const SELECTS = arg('selects', 'ratings');

const dump = bookinfoDump();
/** A policy of the workload's namespace (by default selecting ratings' pods, not productpage's). */
const policy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `${SELECTS}-only`, namespace: 'bookinfo' },
  spec: {
    podSelector: { matchLabels: { app: SELECTS } },
    policyTypes:
      TYPES === 'both' ? ['Ingress', 'Egress'] : [TYPES === 'egress' ? 'Egress' : 'Ingress'],
    ...(TYPES !== 'egress'
      ? { ingress: [{ from: [{ podSelector: { matchLabels: { app: 'reviews' } } }] }] }
      : {}),
    ...(TYPES !== 'ingress' ? { egress: [{ to: [{ podSelector: {} }] }] } : {}),
  },
};
const dumps = {
  none: JSON.stringify(dump),
  policy: JSON.stringify({ ...dump, items: [...dump.items, policy] }),
};
const capture = rowsCapture(ROWS);

const cpuMs = (t0: NodeJS.CpuUsage) => {
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
};

async function round(dumpText: string) {
  const ws = await workspaceOf(dumpText, capture);
  const scope = SCOPE;
  const rows = await ws.workloadCommunications({ ...scope, workload: WORKLOAD });
  const keys = rows.map((r) => r.key);
  const first = defaultDecisions(WORKLOAD);
  const steps = {
    first,
    include: setIncluded(keys, true)(first),
    exclude: setIncluded(keys, false)(first),
  };
  const out: Record<string, number> = { rows: rows.length };
  for (const [step, decisions] of Object.entries(steps)) {
    const request = { ...scope, workload: WORKLOAD, decisions };
    const text = await ws.policyText(request);
    const t0 = process.cpuUsage();
    const check = await ws.policyCheck(request);
    out[step] = cpuMs(t0);
    answers[`${dumpText === dumps.none ? 'none' : 'policy'}/${step}`] ??= { text, check };
    out[`${step}Denied`] = check.verification.denied;
  }
  return out;
}

const results: Record<string, Record<string, number>[]> = { none: [], policy: [] };
for (let i = 0; i < ROUNDS; i++)
  for (const side of ['none', 'policy'] as const)
    if (!ONLY || ONLY === side) results[side]!.push(await round(dumps[side]));

if (OUT) writeFileSync(OUT, JSON.stringify(answers, null, 1));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [side, list] of Object.entries(results)) {
  if (list.length === 0) continue;
  const line: Record<string, number | string> = { dump: side };
  for (const k of Object.keys(list[0]!)) line[k] = Math.round(median(list.map((r) => r[k]!)));
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
