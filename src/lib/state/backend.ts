/**
 * The one seam between the state classes and the engine: a `request(name, ...args)` function
 * with the worker API's types. The app passes the worker client's; unit tests pass the API
 * itself (running in Node on fake-indexeddb), so state classes are tested against the real thing.
 */
import type { EngineApi } from '$workers/engine-api';

export type Request = <K extends keyof EngineApi>(
  name: K,
  ...args: Parameters<EngineApi[K]>
) => Promise<Awaited<ReturnType<EngineApi[K]>>>;

/** A `Request` over an API object in the same thread (tests, benchmarks). */
export function directRequest(api: EngineApi): Request {
  return (name, ...args) => {
    const fn = api[name] as unknown as (...a: unknown[]) => unknown;
    return Promise.resolve(fn(...args)) as never;
  };
}
