/* Creation functions */
export { fromDoorbell, type FromDoorbellOptions } from './fromDoorbell.js';
export { fanIn, type FanInCount, type FanInKey, type FanInOptions } from './fanIn.js';
export { shutdownSignal, type ShutdownReason, type ShutdownSignalOptions } from './shutdownSignal.js';

/* Operators */
export { coalesce, type CoalescedSum } from './coalesce.js';
export { ringOn } from './ringOn.js';
