import type { SenderMethod } from './worker.js';

/** The methods of a rep, in the order they run. */
export const METHODS: readonly SenderMethod[] = [
  'doorbell-pending',
  'doorbell-idle',
  'doorbell-atomics-pending',
  'doorbell-atomics-idle',
  'postMessage',
  'atomics-add',
];
