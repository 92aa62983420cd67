/**
 * The CLI against hostile and broken input (issue: a fuzz and fault suite): flows from a FIFO
 * lose nothing to the sniff, unusable folders exit 1 with a sentence (never a stack trace),
 * names cannot drive the terminal or read backwards, labels Kubernetes rejects are left out
 * with a warning instead of failing the namespace.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

const ROOT = join(import.meta.dirname, '../../..');
const BOOK = join(ROOT, 'tests/fixtures/analyze/hubble-kind-bookinfo');
const FLOWS = join(BOOK, 'hubble-otel_basic-sample-400-tcp-flows.json');
const UDP = join(BOOK, 'hubble-otel_basic-sample-400-udp-flows.json');
const META = ['--metadata', join(BOOK, 'cluster.json'), join(BOOK, 'bookinfo.json')];
const tmp = mkdtempSync(join(tmpdir(), 'netpolish-hostile-'));
chmodSync(tmp, 0o755);
afterAll(() => {
  chmodSync(join(tmp, 'locked'), 0o755);
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('netpolish CLI on hostile input', () => {
  it('reads flows from a FIFO whole: the sniffed first chunk is replayed, not lost', async () => {
    const fifo = join(tmp, 'flows.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.end(readFileSync(FLOWS));
    const piped = await cli('analyze', ...META, '--flows', fifo, '--json');
    const file = await cli('analyze', ...META, '--flows', FLOWS, '--json');
    expect(piped.code).toBe(0);
    const flows = (out: string) =>
      (JSON.parse(out) as { communications: { flows: number }[] }).communications;
    expect(flows(piped.out)).toEqual(flows(file.out));
    // 395 initiations in this capture (the analyze golden case): none lost to the sniff.
    expect(flows(piped.out).reduce((n, c) => n + c.flows, 0)).toBe(395);
  });

  it('names of IPs from DNS answers in a FIFO are kept, as from the same file', async () => {
    const dir = join(ROOT, 'tests/fixtures/analyze/pcap-dns-names');
    const pcap = join(dir, 'zeek-traces_wikipedia.pcap');
    const fifo = join(tmp, 'dns.fifo');
    execFileSync('mkfifo', [fifo]);
    createWriteStream(fifo).end(readFileSync(pcap));
    const args = ['--metadata', join(dir, 'cluster.json'), '--namespace', 'web', '--json'];
    const piped = await cli('analyze', ...args, '--flows', fifo);
    const file = await cli('analyze', ...args, '--flows', pcap);
    const names = (out: string) =>
      (JSON.parse(out) as { communications: { peer: { names?: string[] } }[] }).communications
        .flatMap((c) => c.peer.names ?? [])
        .sort();
    expect(names(file.out)).toContain('upload.wikimedia.org');
    expect(names(piped.out)).toEqual(names(file.out));
  });

  it('a FIFO with the same content as a file is a copy: its flows count once, with a note', async () => {
    const flows = (out: string) =>
      (JSON.parse(out) as { communications: { flows: number }[] }).communications;
    const diagnostics = (out: string) =>
      (JSON.parse(out) as { diagnostics: { code: string; file: string; message: string }[] })
        .diagnostics;
    const alone = await cli('analyze', ...META, '--flows', FLOWS, '--json');
    // The FIFO before or after the file: the file is hashed first, the FIFO as it streams.
    for (const [i, order] of [
      (fifo: string) => [FLOWS, fifo],
      (fifo: string) => [fifo, FLOWS],
    ].entries()) {
      const fifo = join(tmp, `copy-${i}.fifo`);
      execFileSync('mkfifo', [fifo]);
      createWriteStream(fifo).end(readFileSync(FLOWS));
      const r = await cli('analyze', ...META, '--flows', ...order(fifo), '--json');
      expect(r.code).toBe(0);
      expect(flows(r.out)).toEqual(flows(alone.out));
      expect(diagnostics(r.out)).toEqual([
        {
          code: 'NP-INPUT-DUPLICATE',
          message: `same content as ${FLOWS}: ignored, its flows are counted once`,
          file: fifo,
          line: null,
        },
      ]);
    }
    // Another capture through a FIFO is no copy: both count.
    const other = join(tmp, 'other.fifo');
    execFileSync('mkfifo', [other]);
    createWriteStream(other).end(readFileSync(UDP));
    const both = await cli('analyze', ...META, '--flows', FLOWS, other, '--json');
    const sum = (out: string) => flows(out).reduce((n, c) => n + c.flows, 0);
    const udp = await cli('analyze', ...META, '--flows', UDP, '--json');
    expect(diagnostics(both.out)).toEqual([]);
    expect(sum(both.out)).toBe(sum(alone.out) + sum(udp.out));
  });

  it('metadata from a FIFO that copies a metadata file is read once', async () => {
    const fifo = join(tmp, 'meta.fifo');
    execFileSync('mkfifo', [fifo]);
    createWriteStream(fifo).end(readFileSync(META[2]!));
    const r = await cli('analyze', ...META, fifo, '--flows', FLOWS, '--json');
    const alone = await cli('analyze', ...META, '--flows', FLOWS, '--json');
    expect(JSON.parse(r.out).communications).toEqual(JSON.parse(alone.out).communications);
    expect(JSON.parse(r.out).diagnostics).toEqual([
      {
        code: 'NP-INPUT-DUPLICATE',
        message: `same content as ${META[2]}: ignored, its flows are counted once`,
        file: fifo,
        line: null,
      },
    ]);
  });

  it('an empty --flows folder exits 1 and says so', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const r = await cli('analyze', '--flows', empty);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `netpolish analyze: folder '${empty}' holds no files to read\n`,
    });
  });

  it('an unreadable folder exits 1 with the reason, not 2 with a stack trace', () => {
    const locked = join(tmp, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'flows.json'), '');
    chmodSync(locked, 0o000);
    // Root reads any folder: the CLI runs as `nobody` then (CI runs as root).
    const drop = process.getuid?.() === 0 ? 'process.setgid(65534);process.setuid(65534);' : '';
    const run = `${drop}const { main } = await import('./src/cli/main.ts');
      process.exitCode = await main(process.argv.slice(2));`;
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx/esm', '--input-type=module', '-e', run, '_', 'analyze', '--flows', locked],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`netpolish analyze: cannot read folder '${locked}': permission denied\n`);
  });

  it('shows escape codes and bidi controls in names as visible escapes in text output', async () => {
    const line = readFileSync(FLOWS, 'utf8')
      .split('\n')
      .find((l) => l.includes('"is_reply":false') && l.includes('"pod_name":"productpage'));
    const flow = JSON.parse(line!) as { flow: { source: { namespace: string; pod_name: string } } };
    flow.flow.source.namespace = 'evil\u001b[2J\u001b]0;pwned\u0007';
    flow.flow.source.pod_name = 'pod\u202egnp.exe';
    const file = join(tmp, 'escape.json');
    writeFileSync(file, `${JSON.stringify(flow)}\n{"flow": "\u001b[31mred"}\n`);
    const r = await cli('analyze', '--flows', file);
    expect(r.code).toBe(0);
    const all = r.out + r.err;
    expect(all).toContain('evil\\x1B[2J\\x1B]0;pwned\\x07/pod\\u202Egnp.exe');
    // eslint-disable-next-line no-control-regex -- no raw control or bidi character may remain
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('leaves labels Kubernetes rejects out of selectors with a warning naming them, exit 0', async () => {
    const dump = JSON.parse(readFileSync(join(BOOK, 'bookinfo.json'), 'utf8')) as {
      items: { kind: string; metadata: { name: string }; spec?: Record<string, never> }[];
    };
    for (const item of dump.items) {
      if (item.kind !== 'Deployment' || !item.metadata.name.startsWith('reviews')) continue;
      const spec = item.spec as unknown as {
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> } };
      };
      spec.selector.matchLabels['bad key!'] = 'v';
      spec.template.metadata.labels['bad key!'] = 'v';
      spec.template.metadata.labels.team = '<img src=x onerror=alert(1)>';
    }
    const file = join(tmp, 'bookinfo-bad-labels.json');
    writeFileSync(file, JSON.stringify(dump));
    const r = await cli(
      'generate',
      '--metadata',
      join(BOOK, 'cluster.json'),
      file,
      '--flows',
      FLOWS,
      '--namespace',
      'bookinfo',
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'Deployment bookinfo/reviews-v1: labels Kubernetes rejects were left out of its selector: "bad key!"="v"',
    );
    expect(r.out).not.toContain('bad key!');
    expect(r.out).toContain('kind: NetworkPolicy');
  });
});
