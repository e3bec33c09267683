import { setImmediate as nextTurn } from 'node:timers/promises';
import { DoorbellClosedError } from './DoorbellClosedError.js';
import { DoorbellOverflowError } from './DoorbellOverflowError.js';
import { type CountsOptions, CountIterator } from './internal/CountIterator.js';
import { type Listener, Listeners } from './internal/Listeners.js';
import type { ReceiverPort } from './internal/ReceiverPort.js';
import { validateFunction, validateOptionalBoolean, validateOptions } from './internal/validate.js';

export type { CountsOptions } from './internal/CountIterator.js';

/**
 * Options of {@link DoorbellReceiver.watch}.
 *
 * @example
 * ```ts
 * import { Doorbell, type WatchOptions } from '@doorbell/core';
 * const bell = Doorbell.create();
 * const options = {
 *   ref: false,
 *   onClose: () => console.log('closed'),
 *   onError: (error: Error) => console.error(error),
 * } satisfies WatchOptions;
 * bell.watch((count: number) => console.log(count), options);
 * bell.close(); // prints 'closed'
 * ```
 */
export interface WatchOptions {
  /** Deliver counts as bigint (never fails on counts above Number.MAX_SAFE_INTEGER). Default false. */
  bigint?: boolean;
  /** Whether this watch keeps the event loop alive (if the doorbell is ref'd too). Default true. */
  ref?: boolean;
  /** Called once when the doorbell is closed or ended (here, or by its creator on another thread). */
  onClose?: () => void;
  /**
   * Called when a count cannot be delivered: a RangeError for a count above
   * Number.MAX_SAFE_INTEGER in number mode (the count stays pending), or an errno error. The watch
   * has ended when it is called. Without it the error is thrown as an uncaught exception.
   */
  onError?: (error: Error) => void;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function unrepresentable(count: bigint): RangeError {
  return new RangeError(
    `count ${count} is above Number.MAX_SAFE_INTEGER; it stays pending: drain or watch with { bigint: true }`,
  );
}

/**
 * The receiving side every kind of doorbell shares: a {@link Doorbell} (made by `create`, `open`
 * or `fromFd`) and a {@link DoorbellPair} end. It watches, drains, flushes, ends and iterates; the
 * subclasses add how they are made and how they ring. `fromDoorbell` in `@doorbell/rx` takes any
 * of them.
 *
 * @example
 * ```ts
 * import { Doorbell, type DoorbellReceiver } from '@doorbell/core';
 * function total(receiver: DoorbellReceiver): number {
 *   let sum = 0;
 *   for (let count = receiver.drain(); count > 0; count = receiver.drain()) sum += count;
 *   return sum;
 * }
 * using bell = Doorbell.create();
 * bell.ring(3);
 * console.log(total(bell)); // 3
 * ```
 */
export abstract class DoorbellReceiver implements Disposable, AsyncIterable<number> {
  readonly #port: ReceiverPort;
  readonly #fd: number;
  readonly #semaphore: boolean;
  readonly #listeners = new Listeners();
  readonly #received = new Int32Array(1); // see ReceiverPort.watch
  // counts() iterators between two next() calls: end() hands them its last count.
  readonly #iterators = new Set<CountIterator>();
  #closed = false;
  #refed = true;
  #ending: Promise<void> | undefined;
  #endBegun = false; // set before end()'s first step, which runs before #ending is assigned

  /** @internal */
  protected constructor(port: ReceiverPort, semaphore: boolean) {
    this.#port = port;
    this.#semaphore = semaphore;
    this.#fd = port.fd();
  }

  /**
   * This receiver's fd: poll it for readability from a foreign event loop, then call drain().
   * -1 once closed, and for an 'atomics' doorbell, which has none.
   */
  get fd(): number {
    return this.closed ? -1 : this.#fd;
  }

  /** True once this receiver, or the doorbell everywhere, has been closed or ended. */
  get closed(): boolean {
    // While this receiver ends the doorbell, the shared state already says closed (rings fail),
    // but this receiver still delivers the last counts: it is closed once its end() finishes.
    return this.#closed || (!this.#endBegun && this.closedElsewhere());
  }

  /**
   * Takes everything pending (one unit in semaphore mode), without blocking; 0 when nothing is.
   * @throws RangeError if the count is above Number.MAX_SAFE_INTEGER (it stays pending; use
   * `{ bigint: true }`); DoorbellClosedError once closed.
   */
  drain(options?: { bigint?: false }): number;
  drain(options: { bigint: true }): bigint;
  drain(options?: { bigint?: boolean }): number | bigint;
  drain(options?: { bigint?: boolean }): number | bigint {
    const bigint = validateOptionalBoolean(validateOptions(options, 'options').bigint, 'options.bigint') ?? false;
    const count = this.#take(!bigint);
    if (bigint) return BigInt(count);
    if (typeof count === 'bigint') throw unrepresentable(count); // put back by the same take
    return count;
  }

  /**
   * Calls `onCount` on this thread with each coalesced count (never 0) until the returned
   * function is called or the doorbell closes or ends. Any number of watches share one native
   * watcher and each sees every count; one that throws does not keep the count from the others
   * (its error is reported as an uncaught exception).
   * @returns unwatch: idempotent; safe from inside `onCount`
   * @throws DoorbellClosedError once closed; TypeError for a bad `onCount` or options
   */
  watch(onCount: (count: number) => void, options?: WatchOptions & { bigint?: false }): () => void;
  watch(onCount: (count: bigint) => void, options: WatchOptions & { bigint: true }): () => void;
  /** When `bigint` is only known at run time, the callback must take either kind. */
  watch(onCount: (count: number | bigint) => void, options?: WatchOptions): () => void;
  watch(onCount: ((count: number) => void) | ((count: bigint) => void), options?: WatchOptions): () => void {
    validateFunction(onCount, 'onCount');
    const raw = validateOptions(options, 'options');
    const listener: Listener = {
      onCount: onCount as (count: number | bigint) => void,
      bigint: validateOptionalBoolean(raw.bigint, 'options.bigint') ?? false,
      ref: validateOptionalBoolean(raw.ref, 'options.ref') ?? true,
      onClose: optionalFunction(raw.onClose, 'options.onClose'),
      onError: optionalFunction(raw.onError, 'options.onError'),
      removed: false,
    };
    if (this.closed) throw this.closedError();
    if (this.#listeners.size === 0) {
      this.#port.watch(
        (count) => this.#onCount(count),
        () => this.#finishClose(),
        (error) => {
          this.#listeners.failAll(error);
          this.#afterRemove();
        },
        this.#received,
      );
    }
    this.#listeners.add(listener);
    this.#applyRef();
    return () => this.#remove(listener);
  }

  /**
   * Delivers what is pending now to this receiver's watches (and so to `fromDoorbell`
   * subscribers), synchronously, as one emission: every ring that returned, on any thread, before
   * `flush()` was called, and was not taken by a competing receiver. A thread that receives a
   * worker's message and calls `flush()` has seen every ring that worker made before posting it.
   * With nothing watching it does nothing: the count stays pending.
   * @throws DoorbellClosedError once closed
   *
   * @example
   * ```ts
   * import { Doorbell } from '@doorbell/core';
   * using bell = Doorbell.create();
   * bell.watch((count) => console.log(`${count} jobs done`));
   * bell.ring(3); // say, by a worker that then posts 'done'
   * bell.flush(); // prints '3 jobs done' now, not on the next turn of the event loop
   * ```
   */
  flush(): void {
    if (this.closed) throw this.closedError();
    if (this.#listeners.size === 0) return;
    const pending = this.#takeAllUnlessClosed();
    if (pending === undefined) throw this.closedError();
    this.#deliver(pending);
  }

  /**
   * Ends the doorbell gracefully. On the doorbell that `create` made: from the call on, every ring
   * anywhere throws DoorbellClosedError, exactly as after `close()`; everything rung before
   * (raw writers' counts already in the kernel included) is delivered, each count exactly once,
   * to the watches of whichever receiver takes it (receivers opened on other threads take a last
   * time and their watches end); then this receiver's watches end (`fromDoorbell` completes) and
   * the promise resolves, with the doorbell closed. A ring racing `end()` either throws or is
   * delivered. With nothing watching (and no `counts()` iteration under way), what is pending is
   * dropped, as by `close()`.
   *
   * On a receiver made by `open` or `fromFd`, and on a DoorbellPair end: delivers what is pending
   * to its watches, then closes it (only it; the pair's peer sees this end gone).
   *
   * Idempotent: a second call returns the first call's promise.
   *
   * @example
   * ```ts
   * import { Doorbell } from '@doorbell/core';
   * const bell = Doorbell.create();
   * let total = 0;
   * bell.watch((count) => { total += count; });
   * bell.ring(2);
   * bell.ring(3);
   * await bell.end();
   * console.log(total, bell.closed); // 5 true
   * ```
   */
  end(): Promise<void> {
    if (!this.#ending) {
      this.#endBegun = true;
      this.#ending = this.#closed ? Promise.resolve() : this.#end();
    }
    return this.#ending;
  }

  /**
   * Pulls counts, for a consumer that awaits per value: each `next()` takes everything pending at
   * that moment, or waits for the next ring without blocking the thread. Rings made while the loop
   * body runs accumulate in the doorbell and come as one value: no queue grows, however fast they
   * come. The iteration finishes when the doorbell is closed, or ended (after the last count);
   * `break` stops watching; an aborted `signal` rejects the waiting `next()` with `signal.reason`.
   * @throws TypeError for bad options
   *
   * @example
   * ```ts
   * import { Doorbell } from '@doorbell/core';
   * const bell = Doorbell.create();
   * setTimeout(() => { bell.ring(2); void bell.end(); }, 10);
   * for await (const count of bell.counts()) {
   *   console.log(`${count} more`); // one slow write per value, whatever the ring rate
   * }
   * ```
   */
  counts(options?: CountsOptions & { bigint?: false }): AsyncIterableIterator<number>;
  counts(options: CountsOptions & { bigint: true }): AsyncIterableIterator<bigint>;
  counts(options?: CountsOptions): AsyncIterableIterator<number | bigint>;
  counts(options?: CountsOptions): AsyncIterableIterator<number | bigint> {
    return new CountIterator(this, validateCountsOptions(options), this.#iterators);
  }

  /** `counts()`: `for await (const count of bell)`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<number> {
    return this.counts();
  }

  /** Active watches keep the event loop alive (the default). */
  ref(): this {
    this.#refed = true;
    this.#applyRef();
    return this;
  }

  /** Active watches no longer keep the event loop alive. */
  unref(): this {
    this.#refed = false;
    this.#applyRef();
    return this;
  }

  /**
   * Idempotent. On the doorbell that `create` made: closes it everywhere (every receiver's watch
   * ends, every Ringer is revoked, pending counts are dropped). On any other receiver: closes only
   * it. Safe from inside a watch callback.
   */
  close(): void {
    if (this.#closed) return;
    this.#finishClose();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal What ring, drain and watch throw once this receiver is closed. */
  protected closedError(): Error {
    return new DoorbellClosedError();
  }

  /** @internal Whether the doorbell was closed by someone else (its creator, another thread). */
  protected closedElsewhere(): boolean {
    return false;
  }

  /** @internal Called once, when this receiver closes (here or because the doorbell did). */
  protected onClosed(): void {}

  async #end(): Promise<void> {
    if (this.#port.beginEnd()) {
      // Rings that acquired the fd before the end, and takes that began before it, finish their
      // native call; nothing can start one now. Usually there are none.
      while (this.#port.othersInside()) await nextTurn();
    }
    if (this.#closed) return; // closed from a callback meanwhile
    const last = this.#takeAllUnlessClosed();
    if (last === undefined) return; // closed by its creator, before or during the end
    const idle = [...this.#iterators].filter((iterator) => !iterator.waiting);
    this.#deliver(last);
    if (last > 0n) for (const iterator of idle) iterator.offerLast(last);
    this.#finishClose();
  }

  #take(safeOnly: boolean): number | bigint {
    // A doorbell closed elsewhere needs no check here: the native take sees it.
    if (this.#closed) throw this.closedError();
    try {
      return this.#port.drain(safeOnly);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_DOORBELL_CLOSED') throw error;
      this.#finishClose();
      throw this.closedError();
    }
  }

  /** Everything pending now, as one sum (a semaphore doorbell gives it one unit per take). */
  #takeAll(): bigint {
    let total = 0n;
    for (;;) {
      const count = BigInt(this.#port.drain(false));
      total += count;
      if (count === 0n || !this.#semaphore) return total;
    }
  }

  /** #takeAll, or undefined (this receiver now closed) when the doorbell was closed elsewhere. */
  #takeAllUnlessClosed(): bigint | undefined {
    try {
      return this.#takeAll();
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_DOORBELL_CLOSED') throw error;
      this.#finishClose();
      return undefined;
    }
  }

  #deliver(total: bigint): void {
    if (total === 0n) return;
    if (total > MAX_SAFE && this.#listeners.hasNumberMode) {
      if (this.#port.putBack(total) !== 0)
        throw new DoorbellOverflowError(total, `count ${total} could not be put back`);
      this.#listeners.failNumberMode(unrepresentable(total));
      this.#afterRemove();
      return; // bigint watches get it on the next take
    }
    this.#listeners.dispatch(total > MAX_SAFE ? total : Number(total), () => this.#closed);
  }

  #onCount(count: number | bigint): void {
    if (typeof count === 'bigint' && this.#listeners.hasNumberMode) {
      // Never round. received[0] stays 0, so the native side puts the count back once this call
      // returns, in the same native call as the take (bigint watches get it on the next wake-up).
      // The number-mode watches end now, and hear why on the next turn: after the put-back, so
      // whatever their onError does (drain, say) finds the count pending.
      this.#listeners.failNumberMode(unrepresentable(count), setImmediate);
      this.#afterRemove();
      return;
    }
    this.#received[0] = 1;
    this.#listeners.dispatch(count, () => this.#closed);
  }

  #finishClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.close();
    this.onClosed();
    this.#listeners.close();
    for (const iterator of this.#iterators) iterator.finish();
  }

  #remove(listener: Listener): void {
    if (this.#listeners.remove(listener)) this.#afterRemove();
  }

  #afterRemove(): void {
    if (this.#listeners.size === 0 && !this.#closed) this.#port.unwatch();
    this.#applyRef();
  }

  #applyRef(): void {
    if (!this.#closed) this.#port.setRef(this.#refed && this.#listeners.wantsRef);
  }
}

function optionalFunction<T>(value: unknown, name: string): T | undefined {
  if (value === undefined) return undefined;
  validateFunction(value, name);
  return value as T;
}

function validateCountsOptions(options: unknown): CountsOptions {
  const { signal, bigint } = validateOptions(options, 'options');
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError('options.signal must be an AbortSignal');
  }
  const wantsBigint = validateOptionalBoolean(bigint, 'options.bigint') ?? false;
  return signal === undefined ? { bigint: wantsBigint } : { signal, bigint: wantsBigint };
}
