/**
 * The Hubble byte reader's DNS scan: the same capture read through the engine's reader
 * (bench/dns-scan.ts) without DNS events and with one L7 DNS response after every
 * DNS_EVERY lines (answers read even though they are replies), each against the JSON.parse
 * baseline (bench/baseline-node.mjs) on the same file in the same run. Runs alternate, the
 * fastest of `repeat` counts; CPU time is the steadier figure on a loaded machine. Ratios:
 * engine / baseline per file, and MB/s with DNS / MB/s without.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'dns-scan';

/** One DNS response per this many flow lines (5 %: a busy namespace's resolver traffic). */
const DNS_EVERY = 20;

function best(runs) {
  return {
    ...runs.reduce((a, b) => (b.ms < a.ms ? b : a)),
    cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
  };
}

const mbps = (r) => Math.round((r.bytes / 1e6 / (r.cpuMs / 1000)) * 10) / 10;
const ratio = (a, b) => Math.round((a / b) * 100) / 100;

export async function run(ctx) {
  const size = ctx.sizes[0];
  const plain = ctx.files[size].flows;
  const withDns = plain.replace(/\.jsonl$/, `-dns${DNS_EVERY}.jsonl`);
  const script = join(ctx.root, 'bench/dns-scan.ts');
  if (!existsSync(withDns)) ctx.spawnTs(script, ['--make', plain, withDns, String(DNS_EVERY)]);
  const runs = { plain: [], dns: [], plainBase: [], dnsBase: [] };
  const baseline = join(ctx.root, 'bench/baseline-node.mjs');
  for (let i = 0; i < ctx.repeat; i++) {
    runs.plain.push(ctx.spawnTs(script, [plain]));
    runs.dns.push(ctx.spawnTs(script, [withDns]));
    runs.plainBase.push(ctx.spawnJson(process.execPath, [baseline, plain]));
    runs.dnsBase.push(ctx.spawnJson(process.execPath, [baseline, withDns]));
  }
  const [p, d, pb, db] = [runs.plain, runs.dns, runs.plainBase, runs.dnsBase].map(best);
  return {
    size,
    dnsEvery: DNS_EVERY,
    plain: {
      mbPerCpuSec: mbps(p),
      cpuMs: Math.round(p.cpuMs),
      records: p.records,
      answers: p.answers,
    },
    dns: {
      mbPerCpuSec: mbps(d),
      cpuMs: Math.round(d.cpuMs),
      records: d.records,
      answers: d.answers,
    },
    baseline: { plainMbPerCpuSec: mbps(pb), dnsMbPerCpuSec: mbps(db) },
    ratios: {
      plainOverBaseline: ratio(p.cpuMs, pb.cpuMs),
      dnsOverBaseline: ratio(d.cpuMs, db.cpuMs),
      dnsPerByteOverPlainPerByte: ratio(mbps(p), mbps(d)),
    },
  };
}

export function print(r) {
  return [
    `${r.size} flows, one DNS answer per ${r.dnsEvery} lines (${r.dns.answers} answers read)`,
    `  engine CPU / JSON.parse CPU: ${r.ratios.plainOverBaseline}× without DNS, ${r.ratios.dnsOverBaseline}× with`,
    `  engine MB per CPU-second: ${r.plain.mbPerCpuSec} without DNS, ${r.dns.mbPerCpuSec} with (cost per byte ×${r.ratios.dnsPerByteOverPlainPerByte})`,
  ].join('\n');
}
