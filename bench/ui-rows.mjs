/**
 * The 10,000-row workload of bench/ui-review.mjs: a capture derived from the first flow of the
 * bundled Hubble sample (productpage-v1 → reviews-v2), re-addressed to `rows` distinct public
 * IPs (TCP SYNs to 443), imported with the bundled bookinfo dump.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './browser.mjs';

const SAMPLES = join(ROOT, 'static/samples');

/** `rows` egress initiations from productpage-v1 to distinct public IPs (198.18.0.0/15, benchmarking range). */
export function writeRowsCapture(rows, out = join(ROOT, 'bench/data')) {
  const path = join(out, `ui-rows-${rows}.jsonl`);
  if (existsSync(path)) return path;
  mkdirSync(out, { recursive: true });
  const first = readFileSync(
    join(SAMPLES, 'hubble-otel_basic-sample-400-tcp-flows.json'),
    'utf8',
  ).split('\n')[0];
  const template = JSON.parse(first);
  const start = Date.parse(template.flow.time);
  const lines = [];
  for (let i = 0; i < rows; i++) {
    const f = structuredClone(template);
    const t = new Date(start + i * 37).toISOString();
    f.time = f.flow.time = t;
    f.flow.IP.destination = `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    f.flow.l4 = {
      TCP: { source_port: 40000 + (i % 20000), destination_port: 443, flags: { SYN: true } },
    };
    f.flow.destination = { identity: 2, labels: ['reserved:world'] };
    f.flow.is_reply = false;
    f.flow.Summary = 'TCP Flags: SYN';
    lines.push(JSON.stringify(f));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
