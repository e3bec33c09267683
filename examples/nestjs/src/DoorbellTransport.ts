import type { Doorbell } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';
import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Subscription } from 'rxjs';

/** The context of a doorbell event: `getPattern()` names the doorbell that rang. */
class DoorbellContext extends BaseRpcContext<[pattern: string]> {
  getPattern(): string {
    return this.args[0];
  }
}

/**
 * A NestJS microservice transport whose messages are doorbell rings: each count a doorbell
 * delivers (the rings coalesced since its last delivery, from any thread or process, raw writers
 * included) goes to the `@EventPattern(pattern)` handler of the pattern it is registered under,
 * with the count as the payload.
 *
 * `close()` (the application's shutdown) ends every doorbell with `end()`: rings throw from then
 * on, every ring made before is delivered to its handler, and only then does close resolve.
 */
export class DoorbellTransport extends Server implements CustomTransportStrategy {
  readonly #bells: ReadonlyMap<string, Doorbell>;
  readonly #subscription = new Subscription();

  constructor(bells: ReadonlyMap<string, Doorbell>) {
    super();
    this.#bells = bells;
  }

  listen(callback: () => void): void {
    for (const [pattern, bell] of this.#bells) {
      const context = new DoorbellContext([pattern]);
      this.#subscription.add(
        fromDoorbell(bell).subscribe((count) => void this.handleEvent(pattern, { pattern, data: count }, context)),
      );
    }
    callback();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#bells.values()].map((bell) => bell.end()));
    this.#subscription.unsubscribe();
  }

  on(): never {
    throw new Error('DoorbellTransport has no events to listen to: its status is always connected');
  }

  unwrap<T>(): T {
    return this.#bells as T;
  }
}
