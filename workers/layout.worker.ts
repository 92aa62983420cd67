/**
 * The layout Web Worker entry: exposes the topology layouts over comlink, nothing more. Apart
 * from the engine worker so that a long ForceAtlas2 run never delays the engine's answers.
 */
// First: no network API is reachable from here on.
import './no-network';
import { expose } from 'comlink';
import { api } from './layout-api';

expose(api);
