/**
 * Thrown where a feature needs the native addon (an fd: `Ringer.fromFd`, `Doorbell.fromFd`,
 * `DoorbellPair`, the 'eventfd' and 'pipe' backends) and the addon cannot be loaded on this
 * system. The message says why it did not load; `cause` is the loader's error.
 *
 * @example
 * ```ts
 * import { Doorbell, DoorbellUnsupportedError } from '@doorbell/core';
 * try {
 *   Doorbell.create({ backend: 'eventfd' }).close();
 * } catch (error) {
 *   if (error instanceof DoorbellUnsupportedError) console.log(error.code, error.message);
 * }
 * ```
 */
export class DoorbellUnsupportedError extends Error {
  override readonly name = 'DoorbellUnsupportedError';
  readonly code = 'ERR_DOORBELL_UNSUPPORTED';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
