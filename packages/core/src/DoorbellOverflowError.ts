/**
 * Thrown by a ring that would carry the pending count past 2^64-2 (the eventfd limit). The ring
 * added nothing; drain the doorbell and ring again.
 *
 * @example
 * ```ts
 * import { Doorbell, DoorbellOverflowError } from '@doorbell/core';
 * const bell = Doorbell.create();
 * bell.ring(2n ** 64n - 2n);
 * try { bell.ring(); } catch (error) { if (error instanceof DoorbellOverflowError) console.log(error.count); }
 * bell.close();
 * ```
 */
export class DoorbellOverflowError extends Error {
  override readonly name = 'DoorbellOverflowError';
  readonly code = 'ERR_DOORBELL_OVERFLOW';

  /** @param count the count that could not be added */
  constructor(
    readonly count: bigint,
    message = `adding ${count} would carry the pending count past 2^64-2; nothing was added`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
