/* Creation functions */
export { fromDoorbell, type FromDoorbellOptions } from './fromDoorbell.js';
export { fanIn, type FanInCount, type FanInKey, type FanInOptions } from './fanIn.js';

/* Operators */
export { coalesce, type CoalescedSum } from './coalesce.js';
export { ringOn } from './ringOn.js';
