/* Doorbells */
export { Doorbell, type DoorbellBackend, type DoorbellOptions, type ReceiverOptions } from './Doorbell.js';
export { DoorbellReceiver, type CountsOptions, type WatchOptions } from './DoorbellReceiver.js';
export { Ringer } from './Ringer.js';
export { DoorbellPair } from './DoorbellPair.js';
export type { DoorbellHandle } from './DoorbellHandle.js';

/* The reference model */
export { CoalescingModel } from './CoalescingModel.js';

/* Error types */
export { DoorbellClosedError } from './DoorbellClosedError.js';
export { DoorbellOverflowError } from './DoorbellOverflowError.js';
export { DoorbellUnsupportedError } from './DoorbellUnsupportedError.js';
export { PeerDeadError } from './PeerDeadError.js';
