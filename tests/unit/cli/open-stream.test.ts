import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStream, readBuffersMade, recycleChunk } from '../../../src/cli/io';

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

  it('reads into the buffers given back, and only into those', async () => {
    const bytes = new Uint8Array(5 << 20).map((_, i) => (i * 7) % 251);
    const path = join(dir, 'recycled.bin');
    writeFileSync(path, bytes);
    const copies: Buffer[] = [];
    const memory = new Set<ArrayBufferLike>();
    let reused = 0;
    // Each chunk is given back once the next one came (as the engine still reads one chunk
    // while the next is read ahead): a chunk must never share memory with the one held.
    let held: Uint8Array | null = null;
    const reader = openStream({ name: 'recycled.bin', path }).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      expect(r.value.buffer).not.toBe(held?.buffer);
      if (memory.has(r.value.buffer)) reused++;
      memory.add(r.value.buffer);
      copies.push(Buffer.from(r.value));
      if (held) {
        recycleChunk(held);
      }
      recycleChunk(new Uint8Array(16)); // not openStream's: ignored
      held = r.value;
    }
    expect(Buffer.concat(copies).equals(Buffer.from(bytes))).toBe(true);
    expect(reused).toBeGreaterThan(0);
    // The read ahead and the chunk being read: a handful of buffers, not one per MiB.
    expect(memory.size).toBeLessThanOrEqual(4);
  });

  it('hands a buffer given back twice to one read only', async () => {
    const bytes = new Uint8Array(6 << 20).map((_, i) => (i * 13) % 253);
    const path = join(dir, 'twice.bin');
    writeFileSync(path, bytes);
    const reader = openStream({ name: 'twice.bin', path }).getReader();
    const first = await reader.read();
    recycleChunk(first.value as Uint8Array);
    recycleChunk(first.value as Uint8Array);
    const held: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) held.push((await reader.read()).value as Uint8Array);
    await reader.cancel();
    expect(new Set(held.map((c) => c.buffer)).size).toBe(4);
    const mib = 1 << 20;
    held.forEach((c, i) =>
      expect(Buffer.from(c).equals(Buffer.from(bytes.subarray((i + 1) * mib, (i + 2) * mib)))).toBe(
        true,
      ),
    );
  });

  it('keeps the buffer of the read that found the end', async () => {
    const path = join(dir, 'ends.bin');
    writeFileSync(path, new Uint8Array((2 << 20) + 1000).fill(7));
    const before = readBuffersMade();
    for (let i = 0; i < 6; i++) {
      const reader = openStream({ name: 'ends.bin', path }).getReader();
      const chunks: Uint8Array[] = [];
      for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
      chunks.forEach(recycleChunk);
    }
    // Three chunks and the empty read at the end, read ahead one chunk: a handful of buffers,
    // not one more for every file's end.
    expect(readBuffersMade() - before).toBeLessThanOrEqual(4);
  });

  it('takes back a chunk read ahead when cancelled, never one handed out', async () => {
    const bytes = new Uint8Array(4 << 20).map((_, i) => (i * 5) % 249);
    const path = join(dir, 'ahead.bin');
    writeFileSync(path, bytes);
    const before = readBuffersMade();
    const mib = 1 << 20;
    for (let i = 0; i < 6; i++) {
      const reader = openStream({ name: 'ahead.bin', path }).getReader();
      const first = (await reader.read()).value as Uint8Array;
      // The stream reads the next chunk ahead meanwhile; the first is still held here.
      await turn(5);
      await reader.cancel();
      // Another stream reads into what came back: never into the chunk still held.
      const other = openStream({ name: 'ahead.bin', path }).getReader();
      const read: Uint8Array[] = [];
      for (let k = 0; k < 3; k++) read.push((await other.read()).value as Uint8Array);
      await turn(5);
      await other.cancel();
      expect(Buffer.from(first).equals(Buffer.from(bytes.subarray(0, mib)))).toBe(true);
      [first, ...read].forEach(recycleChunk);
    }
    // Five held at most (the first chunk, three of the other stream's, one read ahead): the
    // chunks read ahead and dropped by the cancels would add two buffers a round.
    expect(readBuffersMade() - before).toBeLessThanOrEqual(6);
  });

  it('errors the stream when the file cannot be read', async () => {
    const reader = openStream({ name: 'missing', path: join(dir, 'missing') }).getReader();
    await expect(reader.read()).rejects.toThrow(/ENOENT/);
  });
});
