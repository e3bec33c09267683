import { ShutdownError } from './ShutdownError.js';
import { type ShutdownReason, type ShutdownSignalOptions, shutdownSignal } from './shutdownSignal.js';

/**
 * What {@link watchShutdown} returns: shutdown as state you read, rather than an event you
 * subscribe to.
 *
 * @example
 * ```ts
 * import { type ShutdownWatch, watchShutdown } from '@doorbell/rx';
 *
 * const readiness = (shutdown: ShutdownWatch) => (shutdown.begun ? 503 : 200);
 * using shutdown = watchShutdown();
 * console.log(readiness(shutdown), shutdown.reason, shutdown.signal.aborted); // 200 undefined false
 * ```
 */
export interface ShutdownWatch extends Disposable {
  /** Whether shutdown has begun: what a readiness probe answers (503 once true). */
  readonly begun: boolean;
  /** Why shutdown began; undefined until it has. */
  readonly reason: ShutdownReason | undefined;
  /**
   * Aborted when shutdown begins, with a {@link ShutdownError} as `signal.reason`: hand it to any
   * API that takes an AbortSignal.
   */
  readonly signal: AbortSignal;
  /** Stops watching (idempotent): `begun`, `reason` and `signal` keep what they had. */
  close(): void;
}

/**
 * Subscribes once to {@link shutdownSignal} and keeps what it says where anyone can read it: a
 * `begun` flag for readiness probes and request guards, the `reason`, and an AbortSignal for
 * fetch, piscina's `run({ signal })`, `timers/promises`, `events.once` and the like.
 *
 * Use it where shutdown is a state to check rather than a stream to compose: in a NestJS
 * provider, an HTTP middleware that answers 503, a health endpoint. It takes the same options
 * and behaves the same way (shared listeners, latched, never keeps the process alive,
 * cooperates with frameworks that re-raise signals). If the Observable errors (a doorbell count
 * above Number.MAX_SAFE_INTEGER), `signal` is aborted with that error and `begun` stays false.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { watchShutdown } from '@doorbell/rx';
 *
 * const shutdown = watchShutdown({ graceMs: 10_000 });
 * const server = createServer((request, response) => {
 *   if (request.url === '/ready') response.writeHead(shutdown.begun ? 503 : 200).end();
 *   else fetch('http://localhost:9000/slow', { signal: shutdown.signal }).then(
 *     (upstream) => response.writeHead(upstream.status).end(),
 *     () => response.writeHead(503).end(),
 *   );
 * }).listen(8080);
 * shutdown.signal.addEventListener('abort', () => server.close(), { once: true });
 * ```
 * @see shutdownSignal
 * @param options as for {@link shutdownSignal}
 * @returns a {@link ShutdownWatch}; `close()` it (or `using` it) when done
 * @throws as {@link shutdownSignal} does, synchronously
 */
export function watchShutdown(options?: ShutdownSignalOptions): ShutdownWatch {
  const controller = new AbortController();
  let reason: ShutdownReason | undefined;
  const subscription = shutdownSignal(options).subscribe({
    next: (value) => {
      reason = value;
      controller.abort(new ShutdownError(value));
    },
    error: (error: unknown) => controller.abort(error),
  });
  const close = () => subscription.unsubscribe();
  return {
    get begun() {
      return reason !== undefined;
    },
    get reason() {
      return reason;
    },
    signal: controller.signal,
    close,
    [Symbol.dispose]: close,
  };
}
