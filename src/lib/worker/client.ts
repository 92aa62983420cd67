/**
 * The one owner of the app's Web Workers: the engine worker (IndexedDB, the cached cluster data,
 * every data question) and the layout worker (pure topology layouts, no data). Starts each
 * lazily, wraps it with comlink, turns AbortSignals into cancel calls and worker failures into
 * typed errors. Components and state classes call these functions; nothing else touches `Worker`.
 */
import * as Comlink from 'comlink';
import type { EngineApi, ImportOptions, ImportProgress } from '$workers/engine-api';
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

/** Imports one file in the worker; progress arrives through `onProgress`; `signal` cancels it. */
export async function importFile(
  file: File,
  opts: ImportOptions & { signal?: AbortSignal },
  onProgress: (p: ImportProgress) => void,
) {
  const onAbort = () => void engine().cancelImport(opts.id);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(() =>
      engine().importFile(
        file,
        { id: opts.id, cluster: opts.cluster, duplicates: opts.duplicates },
        Comlink.proxy(onProgress),
      ),
    );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
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
