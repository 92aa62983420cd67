/**
 * The one owner of the engine Web Worker. Starts it lazily, wraps it with comlink, turns
 * AbortSignals into cancel calls and worker failures into typed errors. Components and state
 * classes call these functions; nothing else in the app touches `Worker`.
 */
import * as Comlink from 'comlink';
import type { EngineApi, ImportProgress } from '$workers/engine-api';

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

async function call<T>(fn: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
  try {
    return await fn(engine());
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
  opts: { id: string; cluster: string; signal?: AbortSignal },
  onProgress: (p: ImportProgress) => void,
) {
  const onAbort = () => void engine().cancelImport(opts.id);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call((api) =>
      api.importFile(file, { id: opts.id, cluster: opts.cluster }, Comlink.proxy(onProgress)),
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
  return call<Result<K>>((api) => {
    const fn = api[name] as unknown as (...a: unknown[]) => Promise<Result<K>>;
    return fn(...args);
  });
}
