import type { FanInMethod } from './worker.js';

/** The methods of a rep, in the order they run (for each number of workers). */
export const METHODS: readonly FanInMethod[] = [
  'doorbell',
  'doorbell-per-burst',
  'doorbell-atomics',
  'postMessage',
  'atomics',
];
