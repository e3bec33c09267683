import { loadBinding } from './loadBinding.js';
import type { NativeBinding } from './NativeBinding.js';

export type { CoalescerLayout, FdKind, NativeBinding, NativeReceiver, ReceiverConstructor } from './NativeBinding.js';
export { Errno } from './NativeBinding.js';
export { loadBinding, OVERRIDE_VARIABLE } from './loadBinding.js';

/**
 * The addon, loaded once per thread.
 *
 * @example
 * ```ts
 * import { binding } from '@doorbell/native';
 * const [mine, theirs] = binding.socketPair();
 * console.log(mine, theirs);
 * ```
 */
export const binding: NativeBinding = loadBinding();
