/**
 * Property and fuzz tests for the code the hostile-input work added or hardened, seeded and
 * bounded (FUZZ_SEED overrides the seed; a failure prints the seed and path to replay it):
 * each flow parser on mutated lines of its own real sample, gzip (members split anywhere,
 * random and mutated bytes), universal newlines, the JSON pre-check against JSON.parse, the
 * address parsers, and every restore/reader of untrusted objects. Zero throws is the property;
 * where there is an oracle, the answer is compared with it.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../../src/lib/engine/formats/common';
import { createSink } from '../../../src/lib/engine/formats/diagnostics';
import { createLineParser } from '../../../src/lib/engine/formats/parsers';
import type { FormatId } from '../../../src/lib/engine/formats/types';
import { isJson } from '../../../src/lib/engine/formats/json-check';
import { recordProblem } from '../../../src/lib/engine/formats/record-check';
import { gunzip, gunzipBytes } from '../../../src/lib/engine/io/gunzip';
import { universalNewlines } from '../../../src/lib/engine/io/newlines';
import {
  parseCidrLenient,
  parseCidrStrict,
  parseIpLenient,
  parseIpStrict,
} from '../../../src/lib/engine/model/address';
import { parseTimeArg } from '../../../src/lib/engine/model/time';
import { restoreInventory } from '../../../src/lib/engine/inventory/restore';
import { restoreAggregate } from '../../../src/lib/engine/aggregate/restore';
import { readLabelSelector } from '../../../src/lib/engine/inventory/labels';
import { readNetworkPolicy } from '../../../src/lib/engine/inventory/network-policies';
import { parseSession } from '../../../src/lib/db/session';
import { fixtureText } from './formats/fixtures';

const seed = Number(process.env.FUZZ_SEED ?? 20261205);
const runs = (numRuns: number) => ({ seed, numRuns });

const SAMPLE_OF: [FormatId, string][] = [
  ['hubble-jsonpb', 'hubble/hubble-otel_basic-sample-10-flows.json'],
  ['hubble-json-legacy', 'hubble-legacy/bare-flows-from-10-flows.json'],
  ['calico-ee', 'calico-ee/flows-observability-clinic.log'],
  ['zeek-tsv', 'zeek/brimdata-zed_conn.log'],
  ['zeek-json', 'zeek/zeek-docs_conn.json.log'],
  ['aws-vpc', 'aws-vpc/awsdocs_vpcflow-v5-custom.log'],
  ['gcp-vpc', 'gcp-vpc/entries-synthetic.jsonl'],
  ['conntrack', 'conntrack/vijayrod-demo_aks-conntrack-L.txt'],
  ['ig-trace-network', 'inspektor-gadget/advisor-testdata_connect-to-svc.input'],
  ['hubble-aggregated', 'hubble-aggregated/aggregated-from-script.log'],
  ['retina', 'retina/docker-provider_network_flow_logs_test_3flows.jsonl'],
  ['calico-goldmane', 'calico-goldmane/emitter-from-field-list.ndjson'],
  ['aws-cloudwatch', 'aws-cloudwatch/filter-log-events-from-awsdocs-v2.jsonl'],
  ['azure-vnet', 'azure-vnet/azure-docs_vnet-flow-log-v4-sample.json'],
  ['netobserv-loki', 'netobserv/console-plugin_mocks_loki_flow_records_has_dropped.json'],
  ['netobserv-json', 'netobserv/flows-from-loki-mock.jsonl'],
  ['antrea-flowlogger', 'antrea/flowlogger_logger_test_expected_lines.csv'],
  ['zeek-dns', 'zeek-dns/dns-from-field-list.log'],
];

/** Edits a line: a slice replaced by random text, a value swapped, or a cut. */
function mutated(lines: string[]) {
  const hostile = fc.constantFrom(
    '999.1.1.1',
    '1.2.3.4.5',
    '0x0a000001',
    '65536',
    '-1',
    '"http"',
    '1e300',
    '0050-06-16T16:52:13Z',
    '2021-02-30T00:00:00Z',
    '\r',
    '\u202e',
    '\u001b[2J',
    '__proto__',
    '{',
    '',
  );
  return fc
    .tuple(
      fc.constantFrom(...lines),
      fc.nat(),
      fc.nat(20),
      fc.oneof(fc.string({ maxLength: 8 }), hostile),
    )
    .map(([line, at, len, insert]) => {
      const i = at % (line.length + 1);
      return line.slice(0, i) + insert + line.slice(Math.min(line.length, i + len));
    });
}

/** A file that is one pretty-printed JSON document (Azure, Loki), as one line; else nothing. */
function wholeDocument(text: string): string[] {
  try {
    return [JSON.stringify(JSON.parse(text))];
  } catch {
    return [];
  }
}

describe.each(SAMPLE_OF)('parser %s on mutated lines of its real sample', (format, sample) => {
  const text = fixtureText(sample);
  const lines = [...text.split('\n').filter((l) => l.trim() !== ''), ...wholeDocument(text)];
  it('never throws, and every record it emits passes or is refused by the record check', () => {
    fc.assert(
      fc.property(fc.array(mutated(lines), { maxLength: 6 }), (batch) => {
        const ctx: ParseContext = {
          sink: createSink('fuzz'),
          dropReplies: false,
          replies: 0,
          emit: (r) => void recordProblem(r),
        };
        const parse = createLineParser(format, ctx);
        expect(parse).not.toBeNull();
        batch.forEach((l, i) => parse!(l, i + 1));
      }),
      runs(150),
    );
  });
});

async function drain(src: { read(): Promise<Uint8Array | null> }): Promise<number[]> {
  const out: number[] = [];
  for (let c = await src.read(); c !== null; c = await src.read()) out.push(...c);
  return out;
}

function sourceOf(chunks: Uint8Array[]) {
  let i = 0;
  return { read: async () => chunks[i++] ?? null, cancel: async () => undefined };
}

describe('gzip', () => {
  const text = fixtureText('zeek/brimdata-zed_conn.log').slice(0, 3000);
  it('reads every member of a multi-member file, whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(text.length), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 4 }),
        async (cuts, sizes) => {
          const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
          const parts = at.slice(1).map((end, k) => text.slice(at[k], end));
          const gz = Buffer.concat(parts.map((p) => gzipSync(p)));
          const chunks: Uint8Array[] = [];
          for (let i = 0, k = 0; i < gz.length; i += sizes[k++ % sizes.length]!)
            chunks.push(gz.subarray(i, i + sizes[k % sizes.length]!));
          const src = gunzip(sourceOf(chunks));
          expect(Buffer.from(await drain(src)).toString()).toBe(text);
          expect(src.end).toEqual({});
        },
      ),
      runs(60),
    );
  });

  it('never throws on random, truncated or mutated gzip, and keeps a prefix of the text', async () => {
    const gz = new Uint8Array(gzipSync(text));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((b) => new Uint8Array([0x1f, 0x8b, ...b])),
          fc.nat(gz.length).map((n) => gz.slice(0, n)),
          fc
            .array(fc.tuple(fc.nat(gz.length - 1), fc.integer({ min: 0, max: 255 })), {
              maxLength: 4,
            })
            .map((flips) => {
              const b = gz.slice();
              for (const [i, v] of flips) b[i] = v;
              return b;
            }),
        ),
        async (bytes) => {
          const { bytes: out, end } = await gunzipBytes(bytes);
          const ok = end.failed === undefined && end.trailingAt === undefined;
          if (ok && bytes.length > 0 && bytes[0] === 0x1f) expect(out.length).toBeGreaterThan(0);
          expect(end.overBudget).toBeUndefined();
        },
      ),
      runs(150),
    );
  });
});

describe('universal newlines', () => {
  it('gives the lines a split on CRLF, CR and LF gives, whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.constantFrom('\r', '\n', '\r\n', 'a', 'bc'), fc.string({ maxLength: 3 })),
          {
            maxLength: 30,
          },
        ),
        fc.integer({ min: 1, max: 7 }),
        async (parts, size) => {
          const s = parts.join('');
          const b = new TextEncoder().encode(s);
          const chunks: Uint8Array[] = [];
          for (let i = 0; i < b.length; i += size) chunks.push(b.slice(i, i + size));
          const out = new TextDecoder().decode(
            new Uint8Array(await drain(universalNewlines(sourceOf(chunks)))),
          );
          // CRLF stays (the line splitters drop its CR); a lone CR is now an LF.
          expect(out.split(/\r?\n/)).toEqual(s.split(/\r\n|\r|\n/));
        },
      ),
      runs(300),
    );
  });
});

describe('small parsers of untrusted text', () => {
  it('isJson agrees with JSON.parse', () => {
    const text = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 30 }),
      fc
        .json({ maxDepth: 3 })
        .chain((j) =>
          fc
            .tuple(fc.nat(j.length), fc.string({ maxLength: 3 }))
            .map(([i, s]) => j.slice(0, i) + s + j.slice(i + 1)),
        ),
    );
    fc.assert(
      fc.property(text, (t) => {
        let valid = true;
        try {
          JSON.parse(t);
        } catch {
          valid = false;
        }
        expect(isJson(t)).toBe(valid);
      }),
      runs(2000),
    );
  });

  it('address and time parsers never throw and never accept what fails the strict grammar', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 48 }), (s) => {
        const strict = parseIpStrict(s);
        if (strict) expect(parseIpLenient(s)).not.toBeNull();
        parseCidrStrict(s);
        parseCidrLenient(s);
        const t = parseTimeArg(s);
        expect(Number.isNaN(t) || (t >= 0 && t <= Date.UTC(9999, 11, 31, 23, 59, 59, 999))).toBe(
          true,
        );
      }),
      runs(2000),
    );
  });
});

describe('restoring untrusted objects', () => {
  it('restoreInventory, restoreAggregate, readLabelSelector and readNetworkPolicy never throw', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true }), (v) => {
        restoreInventory(v);
        restoreAggregate(v);
        readLabelSelector(v);
        if (typeof v === 'object' && v !== null && !Array.isArray(v))
          readNetworkPolicy(v as Record<string, unknown>);
        restoreInventory({
          cluster: 'c',
          pods: [v],
          workloads: [v],
          services: [v],
          networkPolicies: [v],
        });
      }),
      runs(800),
    );
  });

  it('parseSession never throws past its header on any line', () => {
    const header = JSON.stringify({ format: 'netpolish-session', version: 1 });
    const tables = fc.constantFrom('imports', 'inventories', 'aggregates', 'decisions', 'settings');
    const lines = fc.array(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc
          .tuple(tables, fc.anything({ maxDepth: 3 }))
          .map(([table, row]) => JSON.stringify({ table, row }) ?? ''),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(lines, (ls) => void parseSession([header, ...ls].join('\n'))),
      runs(500),
    );
  });
});
