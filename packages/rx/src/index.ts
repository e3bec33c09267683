/* Creation functions */
export { fromDoorbell, type FromDoorbellOptions } from './fromDoorbell.js';
