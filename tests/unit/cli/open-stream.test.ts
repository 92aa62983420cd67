import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStream } from '../../../src/cli/io';

const dir = mkdtempSync(join(tmpdir(), 'netpolish-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const turn = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('openStream (CLI file input)', () => {
  it('gives the file’s bytes in order, then ends', async () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    const path = join(dir, 'bytes.bin');
    writeFileSync(path, bytes);
    const parts: Uint8Array[] = [];
    const reader = openStream({ name: 'bytes.bin', path }).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true);
  });

  it('stops cleanly when cancelled between reads (no late chunk, no uncaught error)', async () => {
    // Node 20's Readable.toWeb adapter threw "Controller is already closed" here, uncaught,
    // in most of these runs: the flowing read stream delivered data after the cancel.
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'x'.repeat(4 << 20));
    const uncaught: unknown[] = [];
    const onError = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onError);
    try {
      for (let i = 0; i < 50; i++) {
        const reader = openStream({ name: 'big.txt', path }).getReader();
        await reader.read();
        await turn();
        await reader.read();
        await reader.cancel();
        await turn(1);
      }
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(uncaught).toEqual([]);
  });

  it('errors the stream when the file cannot be read', async () => {
    const reader = openStream({ name: 'missing', path: join(dir, 'missing') }).getReader();
    await expect(reader.read()).rejects.toThrow(/ENOENT/);
  });
});
