#!/usr/bin/env node
// Usage: node bench/stage-formats.mjs --a <bundle> --b <bundle> [--pairs 6] [--lines 200000]
//        [--only id,id] [--dump bench/data/cluster-s42.json] [--dir <tmp>] [--keep]
// Whether a flow format reads faster by stage than in byte ranges at --threads 2: for each
// sample below, a big file made by repeating its lines (headers once) with every IPv4 address
// swapped for a pod IP of the dump (a different pod per repetition, so the aggregates have many
// edges and resolution finds pods), then `analyze --metadata <dump> --flows <file> --json
// --threads 2` with bundle A and bundle B interleaved (A B A B …), wall and CPU (user + sys) of
// each whole process, medians, and the load average. Build B with the format added to
// readsByStage (pipeline-parts.ts) and A without: A reads in byte ranges (or whole here when the
// format is not cut), B by stage. Outputs of A and B are compared once per format.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const A = opt('a');
const B = opt('b');
if (!A || !B) throw new Error('--a <bundle> and --b <bundle> are required');
const PAIRS = Number(opt('pairs', '6'));
const LINES = Number(opt('lines', '200000'));
const MAX_BYTES = Number(opt('mb', '60')) * 1e6; // fewer lines where they are long
const DUMP = opt('dump', 'bench/data/cluster-s42.json');
const DIR = opt('dir', join(tmpdir(), 'netpolish-stage-formats'));
const ONLY = opt('only', '')?.split(',').filter(Boolean) ?? [];
const F = 'tests/fixtures/formats';

/** id, sample, header lines kept once (a predicate on the leading lines). */
const SAMPLES = [
  ['gcp-vpc', `${F}/gcp-vpc/entries-synthetic.jsonl`], // its third entry, without a connection, dropped
  ['calico-ee', `${F}/calico-ee/flows-observability-clinic.log`],
  ['calico-goldmane', `${F}/calico-goldmane/emitter-from-field-list.ndjson`],
  ['netobserv-json', `${F}/netobserv/flows-from-loki-mock.jsonl`],
  ['conntrack', `${F}/conntrack/vijayrod-demo_aks-conntrack-L.txt`],
  ['ig-trace-network', `${F}/inspektor-gadget/advisor-testdata_connect-to-svc-duplicate.input`],
  ['retina', `${F}/retina/docker-provider_network_flow_logs_test_3flows.jsonl`],
  ['hubble-json-legacy', `${F}/hubble-legacy/bare-flows-from-10-flows.json`],
  ['antrea-flowlogger', `${F}/antrea/flowlogger_logger_test_expected_lines.csv`],
  ['aws-cloudwatch', `${F}/aws-cloudwatch/filter-log-events-from-awsdocs-v2.jsonl`],
  ['zeek-tsv', `${F}/zeek/brimdata-zed_conn.log`],
  ['zeek-dns', `${F}/zeek-dns/dns-from-field-list.json.log`],
  ['zeek-json', `${F}/zeek/zeek-docs_conn.json.log`],
  ['aws-vpc', `${F}/aws-vpc/awsdocs_vpcflow-v2-default.log`],
  ['pcap', `${F}/pcap/zeek-traces_wikipedia.pcap`],
];

const dump = JSON.parse(readFileSync(DUMP, 'utf8'));
const pods = dump.items
  .filter((i) => i.kind === 'Pod' && i.status?.podIP)
  .map((i) => i.status.podIP);
const REPS_DISTINCT = 97; // repetitions before the addresses come round again

function podFor(ip, rep) {
  let h = 0;
  for (let i = 0; i < ip.length; i++) h = (h * 31 + ip.charCodeAt(i)) >>> 0;
  return pods[(h + (rep % REPS_DISTINCT) * 19) % pods.length];
}

function textFile(id, sample) {
  const lines = readFileSync(sample, 'utf8').split('\n');
  const head = [];
  let i = 0;
  const isHead = (l) => l.startsWith('#') || (id === 'aws-vpc' && /^version /.test(l));
  while (i < lines.length && isHead(lines[i])) head.push(lines[i++]);
  const body = lines
    .slice(i)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .filter((l) => id !== 'gcp-vpc' || l.includes('"connection"'))
    .filter((l) => !/ (NODATA|SKIPDATA)\b/.test(l)); // AWS records without flow data
  const out = [...head];
  const per = body.reduce((n, l) => n + l.length + 1, 0) / body.length;
  const count = Math.min(LINES, Math.floor(MAX_BYTES / per));
  for (let n = 0; n < count; n++) {
    const rep = Math.floor(n / body.length);
    out.push(
      body[n % body.length].replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, (ip) =>
        podFor(ip, rep),
      ),
    );
  }
  return out.join('\n') + '\n';
}

/** A classic pcap (Ethernet) whose packets repeat with their IPv4 addresses swapped per repetition. */
function pcapFile(sample) {
  const buf = readFileSync(sample);
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4 || buf.readUInt32LE(20) !== 1)
    throw new Error('not a LE Ethernet pcap');
  const recs = [];
  for (let o = 24; o + 16 <= buf.length;) {
    const len = buf.readUInt32LE(o + 8);
    recs.push(buf.subarray(o, o + 16 + len));
    o += 16 + len;
  }
  const parts = [buf.subarray(0, 24)];
  const bytes = recs.reduce((n, r) => n + r.length, 0);
  const reps = Math.ceil(Math.min(LINES * 2 * (bytes / recs.length), MAX_BYTES) / bytes);
  for (let rep = 0; rep < reps; rep++)
    for (const r of recs) {
      const c = Buffer.from(r);
      c.writeUInt32LE(c.readUInt32LE(0) + rep, 0); // a second later each repetition
      if (c.length >= 16 + 34 && c.readUInt16BE(16 + 12) === 0x0800)
        for (const at of [16 + 26, 16 + 30]) {
          const ip = [...c.subarray(at, at + 4)].join('.');
          podFor(ip, rep)
            .split('.')
            .forEach((b, k) => (c[at + k] = Number(b)));
        }
      parts.push(c);
    }
  return Buffer.concat(parts);
}

function timed(bundle, file) {
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %U %S',
      'node',
      bundle,
      'analyze',
      '--metadata',
      DUMP,
      '--flows',
      file,
      '--json',
      '--threads',
      '2',
    ],
    { maxBuffer: 1 << 30, encoding: 'buffer' },
  );
  const t = r.stderr.toString().trim().split('\n').pop().split(' ').map(Number);
  return { wall: t[0], cpu: t[1] + t[2], out: r.stdout, rc: r.status };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

mkdirSync(DIR, { recursive: true });
console.log(
  'format       MB   lines    A wall  B wall  A cpu  B cpu  B faster(wall/cpu)  load  same',
);
for (const [id, sample] of SAMPLES) {
  if (ONLY.length && !ONLY.includes(id)) continue;
  const file = join(DIR, `${id}${id === 'pcap' ? '.pcap' : '.log'}`);
  const data = id === 'pcap' ? pcapFile(sample) : textFile(id, sample);
  writeFileSync(file, data);
  const lines = id === 'pcap' ? 0 : data.split('\n').length - 1;
  const fmt = execFileSync(
    'node',
    [B, 'analyze', '--metadata', DUMP, '--flows', file, '--json', '--threads', '1'],
    {
      maxBuffer: 1 << 30,
    },
  );
  const j = JSON.parse(fmt.toString());
  const seen = `${j.communications.length} comm., ${j.diagnostics.length} diag.`;
  const a = [];
  const b = [];
  const load = [loadavg()[0]];
  let same = true;
  for (let p = 0; p < PAIRS; p++) {
    const x = timed(A, file);
    const y = timed(B, file);
    if (p === 0) same = x.rc === y.rc && Buffer.compare(x.out, y.out) === 0;
    a.push(x);
    b.push(y);
    load.push(loadavg()[0]);
  }
  const wins = (k) => a.filter((x, i) => b[i][k] < x[k]).length;
  const f2 = (v) => v.toFixed(2).padStart(6);
  console.log(
    `${id.padEnd(18)} ${(data.length / 1e6).toFixed(0).padStart(4)} ${String(lines).padStart(7)}` +
      ` ${f2(median(a.map((x) => x.wall)))} ${f2(median(b.map((x) => x.wall)))}` +
      ` ${f2(median(a.map((x) => x.cpu)))} ${f2(median(b.map((x) => x.cpu)))}` +
      `   ${wins('wall')}/${PAIRS} ${wins('cpu')}/${PAIRS}   ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)}` +
      `  ${same ? 'yes' : 'NO'}  (${seen})`,
  );
  if (!args.includes('--keep')) rmSync(file);
}
