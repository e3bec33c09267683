import { describeReason } from './internal/describeReason.js';
import type { ShutdownReason } from './shutdownSignal.js';

/**
 * The reason of the AbortSignal of {@link watchShutdown}: what `signal.throwIfAborted()` and
 * `fetch` throw once shutdown has begun (APIs that wrap it in an AbortError, such as
 * `timers/promises`, give it as the AbortError's `cause`).
 *
 * @example
 * ```ts
 * import { ShutdownError, watchShutdown } from '@doorbell/rx';
 *
 * const shutdown = watchShutdown();
 * for (const item of ['a', 'b', 'c']) {
 *   try {
 *     shutdown.signal.throwIfAborted();
 *   } catch (error) {
 *     if (!(error instanceof ShutdownError)) throw error;
 *     console.log(error.code, error.reason); // 'ERR_DOORBELL_SHUTDOWN' { kind: 'signal', signal: 'SIGTERM' }
 *     break;
 *   }
 *   console.log('processing', item);
 * }
 * shutdown.close();
 * ```
 */
export class ShutdownError extends Error {
  override readonly name = 'ShutdownError';
  readonly code = 'ERR_DOORBELL_SHUTDOWN';
  /** Why shutdown began. For `kind: 'error'`, the error is also the `cause`. */
  readonly reason: ShutdownReason;

  constructor(reason: ShutdownReason) {
    super(`shutting down: ${describeReason(reason)}`, reason.kind === 'error' ? { cause: reason.error } : undefined);
    this.reason = reason;
  }
}
