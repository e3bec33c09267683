/* Doorbells */
export { Doorbell, type DoorbellOptions, type ReceiverOptions, type WatchOptions } from './Doorbell.js';
export { Ringer } from './Ringer.js';
export { DoorbellPair } from './DoorbellPair.js';
export type { DoorbellHandle } from './DoorbellHandle.js';

/* The reference model */
export { CoalescingModel } from './CoalescingModel.js';

/* Error types */
export { DoorbellClosedError } from './DoorbellClosedError.js';
export { DoorbellOverflowError } from './DoorbellOverflowError.js';
export { PeerDeadError } from './PeerDeadError.js';
