import { loadBinding } from './loadBinding.js';
import type { NativeBinding } from './NativeBinding.js';

export type { CoalescerLayout, NativeBinding, NativeReceiver, ReceiverConstructor } from './NativeBinding.js';
export { Errno } from './NativeBinding.js';
export { loadBinding, OVERRIDE_VARIABLE } from './loadBinding.js';

/** The addon, loaded once per thread. */
export const binding: NativeBinding = loadBinding();
