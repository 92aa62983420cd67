import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../../../src/lib/engine/formats/common';
import { createSink } from '../../../../src/lib/engine/formats/diagnostics';
import { detectFormat, parseFlowText, readInput } from '../../../../src/lib/engine/formats/index';
import { createLineParser } from '../../../../src/lib/engine/formats/parsers';
import { FORMATS as REGISTRY } from '../../../../src/lib/engine/formats/registry';
import type { FormatId } from '../../../../src/lib/engine/formats/types';
import { fixtureBytes, fixtureText, streamOf } from './fixtures';

// Seeded: a run is repeatable (FUZZ_SEED picks another); a failure prints its seed and path.
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20261205) });

/** Every format with a line parser, from the registry: a new format is fuzzed without a line here. */
const FORMATS: FormatId[] = REGISTRY.flatMap((f) => (f.parser ? [f.id] : []));

const SAMPLES = [
  'hubble/hubble-otel_basic-sample-10-flows.json',
  'calico-ee/flows-observability-clinic.log',
  'zeek/brimdata-zed_conn.log',
  'zeek/zeek-docs_conn.json.log',
  'aws-vpc/awsdocs_vpcflow-v3-tcpflags.log',
  'gcp-vpc/gcloud-array-synthetic.json',
  'conntrack/vijayrod-demo_aks-conntrack-L.txt',
  'inspektor-gadget/trace-network-example-README.json',
  'hubble-aggregated/aggregated-from-script.log',
  'retina/docker-provider_network_flow_logs_test_3flows.jsonl',
  'calico-goldmane/emitter-from-field-list.ndjson',
  'calico-goldmane/whisker-watch-from-field-list.sse',
  'aws-cloudwatch/filter-log-events-from-awsdocs-v2.jsonl',
  'azure-vnet/azure-docs_vnet-flow-log-v4-sample.json',
  'netobserv/flows-from-loki-mock.jsonl',
  'antrea/flowlogger_logger_test_expected_lines.csv',
  'kubectl-dumps/k8s_ingress_test_services.yaml',
  'pcap/zeek-traces_http_get.pcap',
  'pcap/zeek-traces_redis_start-with-server.pcapng',
];

function context(): ParseContext {
  return { sink: createSink('fuzz'), dropReplies: false, replies: 0, emit: () => {} };
}

/** Lines that look like the formats, then mutated: JSON values and sample lines with edits. */
const sampleLines = SAMPLES.filter((f) => !f.startsWith('pcap/'))
  .flatMap((f) => fixtureText(f).split('\n').slice(0, 12))
  .filter(Boolean);
const mutatedLine = fc
  .tuple(fc.constantFrom(...sampleLines), fc.nat(), fc.nat(), fc.string({ maxLength: 8 }))
  .map(([line, a, b, insert]) => {
    const i = a % (line.length + 1);
    const j = Math.min(line.length, i + (b % 20));
    return line.slice(0, i) + insert + line.slice(j);
  });
const anyLine = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  mutatedLine,
  fc.constantFrom(...sampleLines).map((l) => l.slice(0, Math.floor(l.length / 2))),
);

async function read(bytes: Uint8Array, chunk: number): Promise<void> {
  const result = await readInput(streamOf(bytes, chunk), 'fuzz.bin', { onRecord: () => {} });
  expect(result.bytes).toBeLessThanOrEqual(bytes.length);
  expect(Array.isArray(result.diagnostics)).toBe(true);
}

describe('no parser throws on bad input', () => {
  it('line parsers accept any line', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS),
        fc.array(anyLine, { maxLength: 8 }),
        (format, lines) => {
          const parse = createLineParser(format, context());
          lines.forEach((l, i) => parse?.(l, i + 1));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parseFlowText and detectFormat accept any text', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        detectFormat(text);
        parseFlowText(text, 'fuzz');
      }),
      { numRuns: 300 },
    );
  });

  it('readInput resolves on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 700 }), read),
      { numRuns: 150 },
    );
  });

  it('readInput resolves on random bytes behind pcap and pcapng magic numbers', async () => {
    const magics = [
      [0xd4, 0xc3, 0xb2, 0xa1],
      [0xa1, 0xb2, 0x3c, 0x4d],
      [0x0a, 0x0d, 0x0d, 0x0a],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...magics),
        fc.uint8Array({ maxLength: 2000 }),
        fc.integer({ min: 1, max: 300 }),
        (m, rest, chunk) => read(new Uint8Array([...m, ...rest]), chunk),
      ),
      { numRuns: 150 },
    );
  });

  it('readInput resolves on truncated and corrupted samples, plain and gzip', async () => {
    const inputs = SAMPLES.map((f) => fixtureBytes(f));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...inputs),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.integer({ min: 1, max: 5000 }),
        async (sample, gzip, keep, flips, chunk) => {
          const bytes = gzip ? new Uint8Array(gzipSync(sample)) : sample.slice();
          for (const [at, v] of flips) if (bytes.length > 0) bytes[at % bytes.length] = v;
          await read(bytes.slice(0, Math.floor(bytes.length * keep)), chunk);
        },
      ),
      { numRuns: 150 },
    );
  });
});
