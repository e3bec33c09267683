/* Creation functions */
export { fromDoorbell, type FromDoorbellOptions } from './fromDoorbell.js';
export { fanIn, type FanInCount, type FanInKey, type FanInOptions } from './fanIn.js';
export {
  GRACE_EXPIRED_EXIT_CODE,
  shutdownSignal,
  type ShutdownReason,
  type ShutdownSignalOptions,
} from './shutdownSignal.js';
export { type ShutdownWatch, watchShutdown } from './watchShutdown.js';

/* Operators */
export { coalesce, type CoalescedSum } from './coalesce.js';
export { ringOn } from './ringOn.js';

/* Error types */
export { ShutdownError } from './ShutdownError.js';
