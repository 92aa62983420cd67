/**
 * Minimal declarations of the web-platform globals the engine uses (TextDecoder, streams,
 * AbortSignal). They exist in Node ≥ 20 and in Web Workers; the engine
 * compiles without DOM libs (tsconfig.engine.json), so only what it calls is declared here.
 * Every declaration merges cleanly with lib.dom / @types/node when those are present (the app's
 * tsconfig): interfaces only add method overloads, and the constructor variables resolve to the
 * DOM type whenever the DOM lib declares one (the same conditional pattern @types/node uses).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- type parameter defaults must match lib.dom's exactly */
export {};

declare global {
  interface TextDecoder {
    decode(input?: Uint8Array, options?: { stream?: boolean }): string;
  }
  var TextDecoder: typeof globalThis extends { onmessage: unknown; TextDecoder: infer T }
    ? T
    : new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoder;

  interface ReadableStreamDefaultReader<R = any> {
    read(): Promise<{ done: false; value: R } | { done: true; value?: undefined }>;
    cancel(reason?: unknown): Promise<void>;
    releaseLock(): void;
  }
  interface ReadableStream<R = any> {
    getReader(): ReadableStreamDefaultReader<R>;
    cancel(reason?: unknown): Promise<void>;
  }
  var ReadableStream: typeof globalThis extends { onmessage: unknown; ReadableStream: infer T }
    ? T
    : new <R = any>(source: {
        start?(controller: ReadableStreamDefaultController<R>): void;
        pull?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
        cancel?(reason?: unknown): void;
      }) => ReadableStream<R>;
  interface ReadableStreamDefaultController<R = any> {
    enqueue(chunk?: R): void;
    close(): void;
    error(e?: unknown): void;
  }

  interface AbortSignal {
    readonly aborted: boolean;
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: 'abort', listener: () => void): void;
  }
}
