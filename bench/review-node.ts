/**
 * A review's questions asked of the engine in this process, in the app's order, CPU ms of each:
 * the bundled bookinfo dump and `--rows` egress rows of productpage-v1 to distinct public IPs
 * (bench/ui-rows.mjs's capture), imported into an in-memory workspace; its cluster data made
 * first, and the scope's lists a page asks before a choice (`lists`), then the first choice of the
 * workload (or its namespace's table with `--namespace`): the rows' query and their JSON, the
 * YAML, the verification, why each IP is unresolved; then a bulk inclusion of every row
 * (`--steps first,bulk`) — its YAML and its verification — and a bulk exclusion; with `warm` among
 * the steps (`first,warm,bulk`), the inclusion made ahead first (`warmInclusion`, as the worker
 * does in an idle moment after a verification). Prints one JSON
 * line. Run it in a fresh process for a fresh worker's figures, with `--single-threaded` so
 * compilation and garbage collection count; `--profile <question>` writes a CPU profile of that
 * question alone (`<question>.cpuprofile` in the working folder), `--heap-profile <question>` what
 * it allocated (`<question>.heapprofile`, the inspector's sampling heap profiler).
 *
 *   node --single-threaded --import tsx bench/review-node.ts [--rows 10000] [--namespace]
 *        [--steps first,bulk] [--out answers.json] [--profile includeYaml]
 *        [--heap-profile includeYaml]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { defaultDecisions, setIncluded } from '../src/lib/engine/policy/decisions';
import { packRows } from '../workers/packed-rows';
import {
  CLUSTER,
  SCOPE,
  WORKLOAD,
  arg,
  bookinfoDump,
  rowsCapture,
  workspaceOf,
} from './review-workspace';

const ROWS = Number(arg('rows', '10000'));
const NAMESPACE = process.argv.includes('--namespace');
const STEPS = arg('steps', 'first,bulk').split(',');

const ws = await workspaceOf(JSON.stringify(bookinfoDump()), rowsCapture(ROWS));
const out: Record<string, number> = {};

/** With `--out <file>`: every answer, written there as JSON (to compare two trees' answers). */
const OUT = arg('out', '');
const answers: Record<string, unknown> = {};

/** With `--profile <question>` (e.g. includeYaml): a CPU profile of that question alone. */
const PROFILE = arg('profile', '');
/**
 * With `--heap-profile <question>`: a sampling heap profile of that question alone
 * (`<question>.heapprofile`), every object it allocated counted, collected or not.
 */
const HEAP = arg('heap-profile', '');
const session = new Session();
if (PROFILE || HEAP) session.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) =>
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
  );

async function timed<T>(name: string, ask: () => Promise<T> | T): Promise<T> {
  const profiled = name === PROFILE;
  if (profiled) await post('Profiler.enable').then(() => post('Profiler.start'));
  const heap = name === HEAP;
  if (heap)
    await post('HeapProfiler.enable').then(() =>
      post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      }),
    );
  const t0 = process.cpuUsage();
  const value = await ask();
  const t = process.cpuUsage(t0);
  if (profiled) {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(`${name}.cpuprofile`, JSON.stringify(profile));
  }
  if (heap) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: object };
    writeFileSync(`${name}.heapprofile`, JSON.stringify(profile));
  }
  out[name] = Math.round((t.user + t.system) / 100) / 10;
  if (OUT) answers[name] = value;
  return value;
}

await timed('clusterData', () => ws.clusterData(CLUSTER));
const scope = SCOPE;
// What a page asks before any choice (its namespace chosen): the scope's options and its
// workload list, a query of the namespace's rows (it parses and classifies their addresses).
await timed('lists', async () => [await ws.scopeOptions(CLUSTER), await ws.scopeWorkloads(scope)]);
const query = NAMESPACE ? scope : { ...scope, workload: WORKLOAD };
const rows = await timed('query', async () =>
  NAMESPACE
    ? (await ws.namespaceReview(scope)).rows
    : ws.workloadCommunications({ ...scope, workload: WORKLOAD }),
);
// The rows' text as the worker sends it (packed: workers/packed-rows.ts).
await timed('json', () => packRows(rows));
const first = defaultDecisions(WORKLOAD);
const request = (decisions: typeof first) =>
  NAMESPACE
    ? { ...scope, namespaceWide: true, decisions }
    : { ...scope, workload: WORKLOAD, decisions };
if (STEPS.includes('first')) {
  await timed('yaml', () => ws.policyText({ ...request(first), workload: WORKLOAD }));
  await timed('verify', () => ws.policyCheck({ ...request(first), workload: WORKLOAD }));
  await timed('reasons', () => ws.ipReasons(query));
}
// The bulk inclusion made ahead in the idle moment after a verification (warm-inclusion.ts).
if (STEPS.includes('warm'))
  await timed('warmInclusion', () => ws.warmInclusion({ ...request(first), workload: WORKLOAD }));
if (STEPS.includes('bulk')) {
  const mine = rows.filter((r) => r.workload.name === WORKLOAD.name).map((r) => r.key);
  for (const [step, included] of [
    ['include', true],
    ['exclude', false],
  ] as const) {
    const decisions = setIncluded(mine, included)(first);
    await timed(`${step}Yaml`, () => ws.policyText({ ...request(decisions), workload: WORKLOAD }));
    await timed(`${step}Verify`, () =>
      ws.policyCheck({ ...request(decisions), workload: WORKLOAD }),
    );
  }
}
if (OUT) writeFileSync(OUT, JSON.stringify(answers));
process.stdout.write(`${JSON.stringify({ rows: rows.length, ...out })}\n`);
