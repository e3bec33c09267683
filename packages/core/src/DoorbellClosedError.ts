/**
 * Thrown by `ring`, `drain` and `watch` on a closed doorbell, by `ring` on a Ringer of a closed
 * doorbell or a closed Ringer, and by `Ringer.open` / `Doorbell.open` on the handle of a closed
 * doorbell.
 *
 * @example
 * ```ts
 * import { Doorbell, DoorbellClosedError } from '@doorbell/core';
 * const bell = Doorbell.create();
 * bell.close();
 * try { bell.ring(); } catch (error) { if (error instanceof DoorbellClosedError) console.log(error.code); }
 * ```
 */
export class DoorbellClosedError extends Error {
  override readonly name = 'DoorbellClosedError';
  readonly code = 'ERR_DOORBELL_CLOSED';

  constructor(message = 'the doorbell is closed', options?: ErrorOptions) {
    super(message, options);
  }
}
