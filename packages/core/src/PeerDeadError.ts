/**
 * Thrown by `ring` on one side of a two-process pair once the other process has exited or been
 * killed.
 *
 * @example
 * ```ts
 * import { PeerDeadError } from '@doorbell/core';
 * const error = new PeerDeadError();
 * console.log(error.code); // 'ERR_DOORBELL_PEER_DEAD'
 * ```
 */
export class PeerDeadError extends Error {
  override readonly name = 'PeerDeadError';
  readonly code = 'ERR_DOORBELL_PEER_DEAD';

  constructor(message = 'the peer process is gone', options?: ErrorOptions) {
    super(message, options);
  }
}
