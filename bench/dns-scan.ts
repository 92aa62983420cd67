/**
 * One read of a Hubble capture through the engine's reader (readInput: the byte line parser,
 * replies skipped by their mark unless the line holds a DNS answer, answers handed to
 * onAnswers), for the dns-scan section. With `--make <in> <out> <every>` it first writes a copy
 * of <in> with one L7 DNS response (an answered A query, the shape of the hubble-otel DNS
 * sample's responses) after every <every> lines. Prints one JSON line.
 *
 *   node --import tsx bench/dns-scan.ts <flows.jsonl>
 *   node --import tsx bench/dns-scan.ts --make <flows.jsonl> <out.jsonl> <every>
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { readInput } from '../src/lib/engine/formats';

/** A DNS response as Hubble's DNS proxy reports it (fields of the hubble-otel DNS sample). */
function dnsLine(i: number, time: string): string {
  const ip = `203.0.${(i >> 8) & 255}.${i & 255}`;
  const query = `api-${i % 5000}.example.com.`;
  const pod = (name: string, ns: string, id: number) => ({
    ID: id,
    identity: id + 1000,
    namespace: ns,
    labels: [`k8s:io.kubernetes.pod.namespace=${ns}`, `k8s:app=${name}`],
    pod_name: `${name}-7d9c-x${id}`,
  });
  const flow = {
    time,
    verdict: 'FORWARDED',
    IP: {
      source: '10.0.0.10',
      destination: `10.1.${(i >> 8) & 255}.${i & 255}`,
      ipVersion: 'IPv4',
    },
    l4: { UDP: { source_port: 53, destination_port: 30000 + (i % 30000) } },
    source: pod('kube-dns', 'kube-system', 415),
    destination: pod('client', 'shop', 1747),
    Type: 'L7',
    node_name: 'node-1',
    l7: {
      type: 'RESPONSE',
      dns: {
        query,
        ips: [ip],
        ttl: 300,
        observation_source: 'proxy',
        rcode: 0,
        qtypes: ['A'],
        rrtypes: ['A'],
      },
    },
    reply: true,
    event_type: { type: 129 },
    traffic_direction: 'EGRESS',
    is_reply: true,
    Summary: `DNS Answer "${ip}" TTL: 300 (Proxy ${query} A)`,
  };
  return JSON.stringify({ flow, node_name: 'node-1', time });
}

async function make(input: string, out: string, every: number): Promise<void> {
  const w = createWriteStream(out);
  let n = 0;
  let dns = 0;
  for await (const line of createInterface({ input: createReadStream(input) })) {
    if (!w.write(line + '\n')) await new Promise<void>((r) => w.once('drain', () => r()));
    const time = /"time":"([^"]+)"/.exec(line)?.[1];
    if (++n % every === 0 && time) w.write(dnsLine(dns++, time) + '\n');
  }
  await new Promise<void>((r) => w.end(() => r()));
  process.stdout.write(JSON.stringify({ lines: n, dns }) + '\n');
}

async function read(path: string): Promise<void> {
  const stream = Readable.toWeb(
    createReadStream(path, { highWaterMark: 1 << 20 }),
  ) as unknown as ReadableStream<Uint8Array>;
  let records = 0;
  let answers = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await readInput(stream, 'flows.jsonl', {
    onRecord: () => void records++,
    onAnswers: (a) => void (answers += a.length),
  });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      bytes: statSync(path).size,
      lines: result.lines,
      records,
      answers,
      format: result.format,
    }) + '\n',
  );
}

const args = process.argv.slice(2);
if (args[0] === '--make' && args.length === 4) await make(args[1]!, args[2]!, Number(args[3]));
else if (args.length === 1) await read(args[0]!);
else {
  process.stderr.write('usage: dns-scan.ts <flows> | --make <in> <out> <every>\n');
  process.exit(1);
}
