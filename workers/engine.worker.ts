/**
 * The engine Web Worker entry: exposes the engine API over comlink, nothing more.
 * The API itself lives in engine-api.ts so that unit tests run it in Node.
 */
// First: no network API is reachable from here on.
import './no-network';
import { expose } from 'comlink';
import { api } from './engine-api';

expose(api);
