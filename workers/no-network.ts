/**
 * Side effect only: locks the worker's network APIs (lockdown.ts). Each worker entry imports
 * this before anything else, so no module can keep a reference to the real `fetch`.
 */
import { lockDownNetwork } from './lockdown';

lockDownNetwork();
