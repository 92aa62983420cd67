/**
 * The topology's Web Worker: layouts off the main thread, and (an adapter until the engine
 * worker answers these) the inventory facts of the hover cards and the namespace view's
 * communications and stored decisions, read from IndexedDB through src/lib/db. The database is
 * opened only when a data question comes, so the layout alone never touches it.
 */
import { expose } from 'comlink';
import { api } from './worker-api';

expose(api);
