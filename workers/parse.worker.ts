/**
 * A parse worker entry: exposes the parse API (parse-api.ts) on the MessagePort the page sends
 * in its first message — the engine worker holds the other end — and nothing more.
 */
// First: no network API is reachable from here on.
import './no-network';
import { expose } from 'comlink';
import { parseApi } from './parse-api';

self.addEventListener('message', (e: MessageEvent) => {
  const port = (e.data as { port?: MessagePort } | null)?.port;
  if (port) expose(parseApi, port);
});
