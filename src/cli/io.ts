/**
 * Node-side input/output for the CLI: reading files and folders (plain or .gz), printing,
 * and the argument parser and `--help` check shared by every command. The engine never sees a
 * path or `fs`.
 */
import { access, constants, open, readFile, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { visibleLine } from '../lib/engine/index';

/** Bad arguments or an unreadable file: exit code 1 with a clear message. */
export class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * The process is the CLI's own (nodeIo): a command may tune it (V8 flags, v8-flags.ts). A
   * command run inside another process (a test's) leaves that process as it is.
   */
  ownProcess?: boolean;
}

export function nodeIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    ownProcess: true,
  };
}

export interface InputFile {
  /** The name shown in diagnostics (the path as the user gave it, or folder/entry). */
  name: string;
  path: string;
  /** Not a regular file (a pipe, a FIFO, `/dev/stdin`): it can be read only once. */
  once?: boolean;
  /** A regular file's size in bytes. */
  size?: number;
}

/**
 * Hidden and bookkeeping files of a folder (`.name`, `_SUCCESS`, Spark's `.part-….crc`) are not
 * inputs: a folder of Parquet part files reads as its parts.
 */
function isDataFile(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_');
}

/** A Node file-system error as a few words (`permission denied`), without a stack. */
export function fsReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'not a folder',
    EISDIR: 'is a folder',
    ELOOP: 'too many symbolic links',
    EIO: 'input/output error',
  };
  return (code && words[code]) ?? (e instanceof Error ? e.message : String(e));
}

async function folderFiles(p: string): Promise<InputFile[]> {
  let entries;
  try {
    entries = await readdir(p, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read folder '${visibleLine(p)}': ${fsReason(e)}`);
  }
  const names = entries
    .filter((e) => e.isFile() && isDataFile(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new UsageError(`folder '${visibleLine(p)}' holds no files to read`);
  const files: InputFile[] = [];
  for (const e of names) {
    const path = join(p, e);
    files.push({ name: path, path, ...(await sizeOf(path)) });
  }
  return files;
}

/** `{ size }` of a regular file as stat says now (nothing when stat fails: reading will say). */
async function sizeOf(path: string): Promise<{ size?: number }> {
  try {
    return { size: (await stat(path)).size };
  } catch {
    return {};
  }
}

/**
 * Expands files and folders (one level of files, sorted) into input files; a path that cannot
 * be read, or a folder without files, is a UsageError.
 */
export async function expandInputs(paths: string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      throw new UsageError(`cannot read '${visibleLine(p)}': ${fsReason(e)}`);
    }
    if (st.isDirectory()) files.push(...(await folderFiles(p)));
    else files.push({ name: p, path: p, ...(st.isFile() ? { size: st.size } : { once: true }) });
  }
  return files;
}

/** Files and folders → input files, each checked readable (else exit 1). */
export async function readableInputs(paths: string[]): Promise<InputFile[]> {
  const files = await expandInputs(paths);
  for (const f of files) {
    try {
      await access(f.path, constants.R_OK);
    } catch (e) {
      throw new UsageError(`cannot read '${visibleLine(f.name)}': ${fsReason(e)}`);
    }
  }
  return files;
}

/** The whole file as bytes (metadata dumps). */
export async function readBytes(file: InputFile): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file.path));
  } catch (e) {
    throw new UsageError(`cannot read '${visibleLine(file.name)}': ${fsReason(e)}`);
  }
}

/**
 * Bytes per read: 1 MiB (a Node read stream's 64 KiB took twice the CPU time per byte, in
 * FileHandle#read's round trips and the parser's joins of lines cut at a chunk's end). Read into
 * Buffers: the engine searches a Buffer for newlines with its native indexOf (io/find-byte.ts),
 * and allocUnsafe skips zeroing memory the read overwrites anyway.
 */
const READ_CHUNK = 1024 * 1024;

/**
 * Read buffers the engine gave back (ReadOptions.recycle), reused before a new one is made:
 * fresh memory for every MiB read cost ≈ 0.2 s of page faults (kernel time) on a 317 MB capture.
 * The buffers are this thread's (a worker has its own module state), known by their memory.
 */
const freeChunks: Buffer[] = [];
const ownChunks = new WeakMap<ArrayBufferLike, Buffer>();
let buffersMade = 0;

function readBuffer(): Buffer {
  const kept = freeChunks.pop();
  if (kept) return kept;
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  ownChunks.set(buf.buffer, buf);
  buffersMade++;
  return buf;
}

/** Read buffers this thread has made so far (tests: reading must reuse them). */
export function readBuffersMade(): number {
  return buffersMade;
}

/** Takes back a chunk openStream gave (or part of one) that the engine no longer reads. */
export function recycleChunk(chunk: Uint8Array): void {
  const buf = ownChunks.get(chunk.buffer);
  if (buf && !freeChunks.includes(buf)) freeChunks.push(buf);
}

/**
 * The file (or its bytes [start, end)) as a web ReadableStream of bytes (flows: never read
 * whole), read chunk by chunk as the engine pulls. Not `Readable.toWeb(createReadStream(…))`: Node 20's adapter keeps
 * delivering a flowing stream's data after the web stream was cancelled (the engine cancels
 * once it knows a file's format is unknown, or on abort) and throws an uncaught
 * "Controller is already closed", which ends the process.
 */
export function openStream(
  file: InputFile | Pick<InputFile, 'path'>,
  range?: [number, number],
): ReadableStream<Uint8Array> {
  let handle: FileHandle | null = null;
  // Positioned reads for a range; null reads on from the current position (a pipe too).
  let at = range ? range[0] : null;
  const end = range ? range[1] : Infinity;
  let closed = false;
  /**
   * The chunk last enqueued while no read waited for it, until the next pull: the stream pulls
   * once a chunk is taken from its queue (one chunk ahead), so until then nobody has it, and a
   * cancel (the sniff stops at its first record) drops it with the queue — it is given back.
   */
  let queued: Buffer | null = null;
  const close = async (): Promise<void> => {
    closed = true;
    const h = handle;
    handle = null;
    await h?.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      queued = null;
      if (closed) return;
      try {
        if (!handle) {
          const opened = await open(file.path, 'r');
          // Cancelled while opening: close() found no handle to close.
          if (closed) return void (await opened.close());
          handle = opened;
        }
        const want = Math.min(READ_CHUNK, end - (at ?? 0));
        const buf = readBuffer();
        let bytesRead = 0;
        try {
          if (want > 0) ({ bytesRead } = await handle.read(buf, 0, want, at));
        } finally {
          // Nothing to hand out (the end, a cancel meanwhile, an error): the buffer is free again.
          if (bytesRead === 0 || closed) recycleChunk(buf);
        }
        if (at !== null) at += bytesRead;
        if (closed) return;
        if (bytesRead === 0) {
          await close();
          controller.close();
        } else {
          controller.enqueue(bytesRead < READ_CHUNK ? buf.subarray(0, bytesRead) : buf);
          if ((controller.desiredSize ?? 1) <= 0) queued = buf;
        }
      } catch (e) {
        await close();
        controller.error(e);
      }
    },
    async cancel() {
      if (queued) recycleChunk(queued);
      queued = null;
      await close();
    },
  });
}

/** Bytes [start, end) of a file (fewer at its end). */
export async function readSlice(
  file: Pick<InputFile, 'path'>,
  start: number,
  end: number,
): Promise<Uint8Array> {
  const handle = await open(file.path, 'r');
  try {
    const buf = new Uint8Array(Math.max(0, end - start));
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function displayName(file: InputFile): string {
  return basename(file.name);
}

/** Whether `--help` or `-h` is among the arguments; if so, `usage` is printed on stdout. */
export function helpAsked(args: string[], io: CliIo, usage: string): boolean {
  const asked = args.includes('--help') || args.includes('-h');
  if (asked) io.out(usage);
  return asked;
}

export interface ParsedArgs {
  /** Repeatable and single options by name (without --). */
  values: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Parses `--name value`, `--name=value` and boolean `--flag` options. Unknown options,
 * missing values and stray positionals are UsageErrors.
 */
export function parseArgs(
  args: string[],
  spec: { values: string[]; flags: string[]; multiValue?: string[] },
): ParsedArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const multi = new Set(spec.multiValue ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (spec.flags.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option '--${name}'`);
    const list = values.get(name) ?? [];
    if (eq >= 0) list.push(arg.slice(eq + 1));
    else {
      // Options that take several values (--flows a b c) consume until the next --option.
      let took = 0;
      while (i + 1 < args.length && !args[i + 1]!.startsWith('--')) {
        list.push(args[++i]!);
        took++;
        if (!multi.has(name)) break;
      }
      if (took === 0) throw new UsageError(`--${name} needs a value`);
    }
    values.set(name, list);
  }
  return { values, flags };
}

/** The single value of an option, or undefined; more than one is a UsageError. */
export function single(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.values.get(name);
  if (!v) return undefined;
  if (v.length > 1) throw new UsageError(`--${name} given more than once`);
  return v[0];
}
