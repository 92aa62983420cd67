/**
 * The one owner of the app's Web Workers: the engine worker (IndexedDB, the cached cluster data,
 * every data question) and the layout worker (pure topology layouts, no data). Starts each
 * lazily, wraps it with comlink, turns AbortSignals into cancel calls and worker failures into
 * typed errors. Components and state classes call these functions; nothing else touches `Worker`.
 */
import * as Comlink from 'comlink';
import type { EngineApi, ImportOptions, ImportProgress, ParseWorkers } from '$workers/engine-api';
import type { LayoutApi } from '$workers/layout-api';
import type { LayoutInput, LayoutResult } from '$lib/topology/layout';

export class EngineError extends Error {
  constructor(
    message: string,
    readonly code: 'worker-failed' | 'aborted' | 'engine',
  ) {
    super(message);
  }
}

let remote: Comlink.Remote<EngineApi> | null = null;
let worker: Worker | null = null;

function engine(): Comlink.Remote<EngineApi> {
  if (!remote) {
    worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'netpolish-engine',
    });
    worker.addEventListener('error', () => {
      remote = null;
      worker = null;
    });
    remote = Comlink.wrap<EngineApi>(worker);
  }
  return remote;
}

let layoutRemote: Comlink.Remote<LayoutApi> | null = null;

function layoutWorker(): Comlink.Remote<LayoutApi> {
  if (!layoutRemote) {
    const w = new Worker(new URL('../../../workers/layout.worker.ts', import.meta.url), {
      type: 'module',
      name: 'netpolish-layout',
    });
    w.addEventListener('error', () => {
      layoutRemote = null;
    });
    layoutRemote = Comlink.wrap<LayoutApi>(w);
  }
  return layoutRemote;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof EngineError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new EngineError(message, /abort/i.test(message) ? 'aborted' : 'engine');
  }
}

let nextId = 0;
/** A fresh import id: time-ordered and unique within the tab. */
export function newImportId(): string {
  nextId += 1;
  return `${Date.now().toString(36)}-${nextId.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Parse workers an import may borrow: the cores, at most this many. */
const MAX_PARSE_WORKERS = 4;
/** Smallest part of a file worth a parse worker (a file of two parts at least is cut). */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * How many parse workers and how big a part: the machine's cores (capped) and PART_BYTES, or
 * what localStorage's `netpolish.parseWorkers` / `netpolish.partBytes` say (tests, the bench).
 */
function parseSettings(): { workers: number; partBytes: number } {
  const stored = (key: string): number => {
    const v = Number(globalThis.localStorage?.getItem(key));
    return Number.isSafeInteger(v) && v > 0 ? v : 0;
  };
  const cores = Math.min(globalThis.navigator?.hardwareConcurrency || 1, MAX_PARSE_WORKERS);
  return {
    workers: stored('netpolish.parseWorkers') || cores,
    partBytes: stored('netpolish.partBytes') || PART_BYTES,
  };
}

/** Parse workers for an import (none when its files are not worth them), and their ports. */
function lendParseWorkers(
  worth: (partBytes: number) => boolean,
): { workers: Worker[]; parseWorkers: ParseWorkers } | null {
  const { workers: n, partBytes } = parseSettings();
  if (n < 2 || !worth(partBytes)) return null;
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  for (let i = 0; i < n; i++) {
    const w = new Worker(new URL('../../../workers/parse.worker.ts', import.meta.url), {
      type: 'module',
      name: `netpolish-parse-${i + 1}`,
    });
    const channel = new MessageChannel();
    w.postMessage({ port: channel.port1 }, [channel.port1]);
    workers.push(w);
    ports.push(channel.port2);
  }
  return { workers, parseWorkers: { ports, partBytes } };
}

/** A file cut in two parts at least (a smaller one is read whole, here). */
const cutWorthy =
  (file: File) =>
  (partBytes: number): boolean =>
    file.size >= 2 * partBytes;

/**
 * Whether the flow files of a drop are read by parse workers at once (importFiles): several
 * cores, several files, and bytes enough together for a part (else they are read in turn).
 */
export function dropWorthWorkers(files: File[]): boolean {
  const { workers, partBytes } = parseSettings();
  return workers >= 2 && files.length >= 2 && dropBytes(files) >= partBytes;
}

const dropBytes = (files: File[]): number => files.reduce((n, f) => n + f.size, 0);

/** Runs an engine import with parse workers lent for it; `signal` cancels `ids`. */
async function withParseWorkers<T>(
  lent: { workers: Worker[]; parseWorkers: ParseWorkers } | null,
  ids: string[],
  signal: AbortSignal | undefined,
  run: (parseWorkers: ParseWorkers | undefined, transfer: MessagePort[]) => Promise<T>,
): Promise<T> {
  const onAbort = () => void ids.forEach((id) => void engine().cancelImport(id));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(() => run(lent?.parseWorkers, lent?.parseWorkers.ports ?? []));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const w of lent?.workers ?? []) w.terminate();
  }
}

/**
 * Imports one file in the worker; progress arrives through `onProgress`; `signal` cancels it.
 * A big file is read by several parse workers at once, lent for this import only.
 */
export async function importFile(
  file: File,
  opts: ImportOptions & { signal?: AbortSignal },
  onProgress: (p: ImportProgress) => void,
) {
  const lent = lendParseWorkers(cutWorthy(file));
  return withParseWorkers(lent, [opts.id], opts.signal, (parseWorkers, ports) => {
    const options: ImportOptions = {
      id: opts.id,
      cluster: opts.cluster,
      duplicates: opts.duplicates,
      ...(parseWorkers && { parseWorkers }),
    };
    return engine().importFile(file, Comlink.transfer(options, ports), Comlink.proxy(onProgress));
  });
}

/**
 * Imports the flow files of one drop (dumps imported before): read at once by the parse
 * workers lent for it — small files one per worker, big ones in parts — and committed one
 * after another, each its own import. One progress for the drop (as `ids[0]`); `signal`
 * cancels every file not committed yet.
 */
export async function importFiles(
  files: File[],
  opts: Omit<ImportOptions, 'id'> & { ids: string[]; signal?: AbortSignal },
  onProgress: (p: ImportProgress) => void,
) {
  const lent = lendParseWorkers((partBytes) => dropBytes(files) >= partBytes);
  return withParseWorkers(lent, opts.ids, opts.signal, (parseWorkers, ports) => {
    const options = {
      ids: opts.ids,
      cluster: opts.cluster,
      duplicates: opts.duplicates,
      ...(parseWorkers && { parseWorkers }),
    };
    return engine().importFiles(files, Comlink.transfer(options, ports), Comlink.proxy(onProgress));
  });
}

type Result<K extends keyof EngineApi> = Awaited<ReturnType<EngineApi[K]>>;

/** Any other API function, by name: `request('listImports')`. */
export function request<K extends keyof EngineApi>(
  name: K,
  ...args: Parameters<EngineApi[K]>
): Promise<Result<K>> {
  return call<Result<K>>(() => {
    const fn = engine()[name] as unknown as (...a: unknown[]) => Promise<Result<K>>;
    return fn(...args);
  });
}

/**
 * A topology layout, computed in the layout worker: a long ForceAtlas2 run there never delays
 * the engine's answers (the facts, a saved decision, the regenerated policy).
 */
export function layout(input: LayoutInput): Promise<LayoutResult> {
  return call(() => layoutWorker().layout(input));
}
