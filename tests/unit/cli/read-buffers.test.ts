/**
 * The CLI's read buffers over a whole `analyze`: every chunk read comes back for the next read
 * (ReadOptions.recycle) — the dump's, the flow file's head that the sniff read, the chunk read
 * ahead when the sniff stops, the empty read at a file's end. Fresh memory per MiB read costs a
 * page fault per 4 KiB. Its own file: the count is this thread's, from a fresh module.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readBuffersMade } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'netpolish-buffers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('analyze reads a dump and a 7 MiB flow file into a few buffers', async () => {
  const samples = join(__dirname, '../../../static/samples');
  const lines = readFileSync(join(samples, 'hubble-otel_basic-sample-400-tcp-flows.json'), 'utf8');
  const flows = join(dir, 'flows.json');
  writeFileSync(flows, lines.repeat(12));
  const dump = join(samples, 'bookinfo-kind_cluster-dump.json');
  const before = readBuffersMade();
  const out: string[] = [];
  const code = await main(
    ['analyze', '--metadata', dump, '--flows', flows, '--json', '--threads', '1'],
    { out: (t) => void out.push(t), err: () => undefined },
  );
  expect(code).toBe(0);
  expect(JSON.parse(out.join('')).communications.length).toBeGreaterThan(0);
  // The chunk being read and the one read ahead; the dump's and the sniff's chunks not given
  // back made 4 or 5 (and one per MiB read, 9 or more, before chunks were recycled at all).
  expect(readBuffersMade() - before).toBeLessThanOrEqual(3);
});
