import type { LatencyMethod } from './worker.js';

/** The methods of a rep, in the order they run (c-eventfd-split only where there are 2 CPUs). */
export const METHODS: readonly LatencyMethod[] = [
  'doorbell',
  'doorbell-atomics',
  'postMessage',
  'atomics',
  'c-eventfd',
  'c-eventfd-split',
  'c-libuv',
];
