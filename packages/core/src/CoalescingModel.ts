import { DoorbellClosedError } from './DoorbellClosedError.js';
import { DoorbellOverflowError } from './DoorbellOverflowError.js';
import { MAX_COUNT, validateCount } from './internal/validate.js';

/**
 * The pure reference model of what a doorbell promises, with no threads, fds or timing: a pending
 * count that rings add to and drains take. Property tests hold the native doorbell to it.
 *
 * @example
 * ```ts
 * import { CoalescingModel } from '@doorbell/core';
 * const model = new CoalescingModel();
 * model.ring(2);
 * model.ring(3n);
 * console.log(model.drain()); // 5n
 * console.log(model.drain()); // 0n
 * ```
 */
export class CoalescingModel {
  /** The most a doorbell can hold: 2^64-2. */
  static readonly MAX_PENDING = MAX_COUNT;

  readonly semaphore: boolean;
  #pending = 0n;
  #closed = false;

  /** @param options `semaphore`: each drain takes 1 */
  constructor(options: { semaphore?: boolean } = {}) {
    this.semaphore = options.semaphore ?? false;
  }

  /** Everything rung and not yet drained (0 once closed). */
  get pending(): bigint {
    return this.#pending;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Adds n, or throws exactly what a doorbell throws, adding nothing. */
  ring(n: number | bigint = 1): void {
    const count = BigInt(validateCount(n, 'ring(n): n'));
    if (this.#closed) throw new DoorbellClosedError();
    if (this.#pending + count > MAX_COUNT) throw new DoorbellOverflowError(count);
    this.#pending += count;
  }

  /** What one drain takes: everything pending (1 in semaphore mode), 0n when nothing is. */
  drain(): bigint {
    if (this.#closed) throw new DoorbellClosedError();
    const taken = this.semaphore && this.#pending > 0n ? 1n : this.#pending;
    this.#pending -= taken;
    return taken;
  }

  /**
   * What `flush()` delivers: everything pending as one count (in semaphore mode too), 0n when
   * nothing is. It does not close.
   * @throws DoorbellClosedError once closed
   *
   * @example
   * ```ts
   * import { CoalescingModel } from '@doorbell/core';
   * const queue = new CoalescingModel({ semaphore: true });
   * queue.ring(3);
   * console.log(queue.drain()); // 1n
   * console.log(queue.flush()); // 2n: every unit left, as one count
   * console.log(queue.flush()); // 0n
   * ```
   */
  flush(): bigint {
    if (this.#closed) throw new DoorbellClosedError();
    const taken = this.#pending;
    this.#pending = 0n;
    return taken;
  }

  /**
   * What `end()` delivers: everything pending as one count (in semaphore mode too), then closed.
   * Idempotent: on a closed model it returns 0n.
   *
   * @example
   * ```ts
   * import { CoalescingModel } from '@doorbell/core';
   * const model = new CoalescingModel();
   * model.ring(2);
   * model.ring(3);
   * console.log(model.end()); // 5n
   * console.log(model.closed, model.end()); // true 0n
   * ```
   */
  end(): bigint {
    if (this.#closed) return 0n;
    const taken = this.#pending;
    this.close();
    return taken;
  }

  /** Pending counts are dropped with the doorbell. */
  close(): void {
    this.#closed = true;
    this.#pending = 0n;
  }
}
