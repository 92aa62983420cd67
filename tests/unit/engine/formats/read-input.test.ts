import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readInput } from '../../../../src/lib/engine/formats/index';
import { fixtureBytes, fixtureText, readAll, streamOf, utf8 } from './fixtures';

const TCP = 'hubble/hubble-otel_basic-sample-400-tcp-flows.json';

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
    out[2 + i * 2 + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return out;
}

describe('readInput: compression and encodings', () => {
  it('decompresses gzip and counts compressed bytes read', async () => {
    const plain = fixtureBytes(TCP);
    const gz = new Uint8Array(gzipSync(plain));
    const progress: number[] = [];
    const records: unknown[] = [];
    const result = await readInput(streamOf(gz, 8192), 'tcp.json.gz', {
      onRecord: (r) => records.push(r),
      onProgress: (n) => progress.push(n),
    });
    expect(result).toMatchObject({
      format: 'hubble-jsonpb',
      lines: 400,
      records: 268,
      replies: 132,
    });
    expect(result.bytes).toBe(gz.length);
    expect(progress.at(-1)).toBe(gz.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps what a truncated gzip gave and reports NP-GZIP-TRUNCATED', async () => {
    const gz = new Uint8Array(gzipSync(fixtureBytes(TCP)));
    const { result } = await readAll(gz.slice(0, Math.floor(gz.length / 2)), { chunk: 4096 });
    expect(result.format).toBe('hubble-jsonpb');
    expect(result.records).toBeGreaterThan(50);
    expect(result.records).toBeLessThan(268);
    expect(result.diagnostics.map((d) => d.code)).toContain('NP-GZIP-TRUNCATED');
  });

  it('reads UTF-16 LE and BE with BOM (PowerShell redirection) and without BOM', async () => {
    const text = fixtureText('zeek/zeek-docs_conn.json.log');
    for (const big of [false, true]) {
      const { result, records } = await readAll(utf16(text, big), { chunk: 101 });
      expect(result.format).toBe('zeek-json');
      expect(records.map((r) => r.dstPort)).toEqual([53, 80]);
    }
    const noBom = utf16(text, false).slice(2);
    const { records } = await readAll(noBom, { chunk: 64 });
    expect(records).toHaveLength(2);
  });

  it('strips a UTF-8 BOM and keeps multi-byte characters split across chunks', async () => {
    const line = fixtureText('zeek/zed-docs_conn-iso8601.ndjson')
      .trim()
      .replace('"C8Tful1TvM3Zf5x8fl"', '"C8Tfulñ€😀"');
    const bytes = utf8(`\ufeff${line}\n`);
    for (const chunk of [1, 2, 3, 5, 7]) {
      const { result, records } = await readAll(bytes, { chunk });
      expect(result.format).toBe('zeek-json');
      expect(records).toHaveLength(1);
    }
  });

  it('returns the whole text of a metadata dump, BOM removed', async () => {
    const file =
      'kubectl-dumps/online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_ns_list.yaml';
    const { result, records } = await readAll(fixtureBytes(file), { chunk: 333 });
    expect(result).toMatchObject({ format: 'k8s-yaml', kind: 'metadata', records: 0 });
    expect(records).toEqual([]);
    expect(result.text).toBe(fixtureText(file).slice(1));
    expect(result.lines).toBe(fixtureText(file).split('\n').length - 1);
  });
});

describe('readInput: lines', () => {
  it('tolerates CRLF line ends', async () => {
    const crlf = fixtureText('aws-vpc/awsdocs_vpcflow-v3-tcpflags.log').replace(/\n/g, '\r\n');
    const { result, records } = await readAll(utf8(crlf), { chunk: 50 });
    expect(result.format).toBe('aws-vpc');
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({ verdictRaw: 'ACCEPT', dstPort: 5001 });
    expect(result.diagnostics).toEqual([]);
  });

  it('skips an over-long line with NP-LINE-TOO-LONG and goes on', async () => {
    const lines = fixtureText('hubble/hubble-otel_basic-sample-10-flows.json').split('\n');
    const long = `{"flow":{"Summary":"${'x'.repeat(200_000)}"}}`;
    const text = [lines[2], long, lines[2], ''].join('\n');
    const { result, records } = await readAll(utf8(text), { maxLineLength: 10_000, chunk: 4096 });
    expect(records).toHaveLength(2);
    expect(result.diagnostics).toMatchObject([
      { code: 'NP-LINE-TOO-LONG', line: 2, severity: 'warning' },
    ]);
    expect(result.diagnostics[0]?.message).toContain(String(long.length));
  });

  it('stops when the AbortSignal fires and keeps what was read', async () => {
    const bytes = fixtureBytes(TCP);
    const controller = new AbortController();
    let n = 0;
    const result = await readInput(streamOf(bytes, 8192), 'tcp.json', {
      onRecord: () => {
        if (++n === 20) controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.aborted).toBe(true);
    expect(result.records).toBeGreaterThanOrEqual(20);
    expect(result.records).toBeLessThan(268);
    expect(result.bytes).toBeLessThan(bytes.length);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NP-ABORTED']);
  });

  it('stops a stalled stream when aborted', async () => {
    const controller = new AbortController();
    const stalled = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(utf8(fixtureText('zeek/zeek-docs_conn.json.log')));
      },
    });
    setTimeout(() => controller.abort(), 20);
    const result = await readInput(stalled, 'stalled', {
      onRecord: () => {},
      signal: controller.signal,
    });
    expect(result.aborted).toBe(true);
  });

  it('caps diagnostics per code and says how many were dropped', async () => {
    const garbage = `${fixtureText('zeek/zeek-docs_conn.json.log')}${'{broken\n'.repeat(2500)}`;
    const { result } = await readAll(utf8(garbage), { chunk: 65536 });
    expect(result.records).toBe(2);
    expect(result.diagnosticCounts['NP-PARSE-JSON']).toBe(2500);
    expect(result.diagnostics.filter((d) => d.code === 'NP-PARSE-JSON')).toHaveLength(1000);
    const summary = result.diagnostics.find((d) => d.code === 'NP-DIAGNOSTICS-CAPPED');
    expect(summary?.message).toContain('1500 more NP-PARSE-JSON');
  });

  it('reports an unknown format and stops reading', async () => {
    const { result } = await readAll(utf8('just some text\n'.repeat(10_000)), { chunk: 1024 });
    expect(result).toMatchObject({ kind: 'unknown', format: null, records: 0 });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NP-FORMAT-UNKNOWN']);
    expect(result.bytes).toBeLessThan(150_000);
  });

  it('rethrows an error thrown by the caller’s onRecord', async () => {
    const boom = new Error('consumer bug');
    await expect(
      readInput(streamOf(fixtureBytes(TCP)), 't', {
        onRecord: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });

  it('turns a failing stream into NP-FILE-UNREADABLE', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        c.error(new Error('disk gone'));
      },
    });
    const result = await readInput(failing, 'f', { onRecord: () => {} });
    expect(result.diagnostics).toMatchObject([{ code: 'NP-FILE-UNREADABLE', severity: 'error' }]);
  });
});

describe('readInput: abort during gzip', () => {
  it('does not report a cancelled gzip as truncated', async () => {
    const gz = new Uint8Array(gzipSync(fixtureBytes(TCP)));
    const controller = new AbortController();
    let n = 0;
    const result = await readInput(streamOf(gz, 2048), 'tcp.json.gz', {
      onRecord: () => {
        if (++n === 10) controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.aborted).toBe(true);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NP-ABORTED']);
  });

  it('lets a Cancel queued as a task through while the file is already buffered', async () => {
    // Every chunk queued up front: each read resolves as a microtask, as a Blob's stream does
    // when the file is read faster than it is parsed; the worker's Cancel message is a task.
    const gz = new Uint8Array(gzipSync(fixtureBytes(TCP)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    const result = await readInput(streamOf(gz, 2048), 'tcp.json.gz', {
      onRecord: () => {},
      signal: controller.signal,
    });
    expect(result.aborted).toBe(true);
    expect(result.records).toBeLessThan(268);
  });
});
