import { watchShutdown, type ShutdownWatch } from '@doorbell/rx';
import type { OnApplicationShutdown } from '@nestjs/common';

/**
 * The process's shutdown state for the rest of the application: `begun` for the request guard
 * and the readiness probe. Made in main.ts (it needs the grace deadline) and provided as a value.
 *
 * It sits beside `app.enableShutdownHooks()`: on SIGTERM, both see the signal; NestJS runs the
 * lifecycle hooks (our jobs drain there), then removes its listener and re-raises SIGTERM, and
 * watchShutdown lets go of the signal so that the re-raised one ends the process. If the drain
 * takes longer than `graceMs`, watchShutdown reports what is still open and exits with code 124.
 */
export class ShutdownService implements OnApplicationShutdown {
  readonly #watch: ShutdownWatch;

  constructor(graceMs: number) {
    this.#watch = watchShutdown({ graceMs });
    this.#watch.signal.addEventListener('abort', () => console.log(`${this.#watch.signal.reason.message}`), {
      once: true,
    });
  }

  get begun(): boolean {
    return this.#watch.begun;
  }

  onApplicationShutdown(): void {
    this.#watch.close();
  }
}
