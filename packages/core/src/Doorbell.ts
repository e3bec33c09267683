import { binding, type NativeReceiver } from '@doorbell/native';
import { DoorbellClosedError } from './DoorbellClosedError.js';
import { DoorbellOverflowError } from './DoorbellOverflowError.js';
import { type DoorbellHandle, validateHandle } from './DoorbellHandle.js';
import { coalesces, ringShared } from './internal/ring.js';
import { validateCount, validateFunction, validateOptionalBoolean, validateOptions } from './internal/validate.js';

/**
 * Options of {@link Doorbell.open}: how this receiver behaves.
 *
 * @example
 * ```ts
 * import { Doorbell, type ReceiverOptions } from '@doorbell/core';
 * using bell = Doorbell.create();
 * const options: ReceiverOptions = { pollUnderLoad: false };
 * using receiver = Doorbell.open(bell.handle(), options);
 * bell.ring(2);
 * console.log(receiver.drain()); // 2
 * ```
 */
export interface ReceiverOptions {
  /**
   * Under a flood (a wake-up finds that 64 or more were rung after a wake-up was already due:
   * rings come faster than this thread wakes), stop being woken by rings from this process and
   * take them every millisecond instead, until a millisecond brings fewer than 64. Meanwhile a
   * ring costs one CAS and never a syscall, and the receiving thread wakes about 1000 times a
   * second however fast rings come; a count rung during a flood arrives up to about 1 ms later.
   * One big ring or a raw write starts no flood, and raw writers still wake it at once. Eventfd
   * doorbells only. Set false to be woken for every burst instead. Default true.
   */
  pollUnderLoad?: boolean;
}

/**
 * Options of {@link Doorbell.create}.
 *
 * @example
 * ```ts
 * import { Doorbell, type DoorbellOptions } from '@doorbell/core';
 * const options: DoorbellOptions = { semaphore: true };
 * using queue = Doorbell.create(options);
 * queue.ring(3);
 * console.log(queue.drain(), queue.drain()); // 1 1
 * ```
 */
export interface DoorbellOptions extends ReceiverOptions {
  /** Each drain takes 1 instead of everything pending (work distribution). Default false. */
  semaphore?: boolean;
  /**
   * The kernel object behind the doorbell: 'eventfd' (Linux; the default there) or 'pipe' (a
   * pipe carrying 8-byte counts, for systems without eventfd; the default elsewhere). A pipe
   * doorbell cannot be a semaphore, and on a full pipe a raw writer's ring fails (EAGAIN).
   */
  backend?: 'eventfd' | 'pipe';
}

/**
 * Options of {@link Doorbell.watch}.
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
  /** Called once when the doorbell is closed (here, or by its creator on another thread). */
  onClose?: () => void;
  /**
   * Called when a count cannot be delivered: a RangeError for a count above
   * Number.MAX_SAFE_INTEGER in number mode (the count stays pending), or an errno error. The watch
   * has ended when it is called. Without it the error is thrown as an uncaught exception.
   */
  onError?: (error: Error) => void;
}

interface Listener {
  readonly onCount: (count: never) => void;
  readonly bigint: boolean;
  readonly ref: boolean;
  readonly onClose: (() => void) | undefined;
  readonly onError: ((error: Error) => void) | undefined;
  /** Unwatched (or failed, or closed): skipped by a dispatch already under way. */
  removed: boolean;
}

function unrepresentable(count: bigint): RangeError {
  return new RangeError(
    `count ${count} is above Number.MAX_SAFE_INTEGER; it stays pending: drain or watch with { bigint: true }`,
  );
}

/**
 * A doorbell: a kernel counter that any thread or process can ring, and its receiver on the thread
 * that created (or opened) it, which wakes once and delivers everything rung since the last drain.
 *
 * Use it directly for non-Rx code; `fromDoorbell` in `@doorbell/rx` turns it into an Observable.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { Doorbell } from '@doorbell/core';
 *
 * const bell = Doorbell.create();
 * const unwatch = bell.watch((count) => console.log(`rung ${count} times since the last wake-up`));
 * bell.ring();
 * bell.ring(41);
 * // elsewhere: new Worker(file, { workerData: bell.handle() }) and Ringer.open(workerData).ring()
 * setTimeout(() => { unwatch(); bell.close(); }, 10);
 * ```
 */
export class Doorbell implements Disposable {
  readonly #receiver: NativeReceiver;
  readonly #handle: DoorbellHandle | undefined;
  readonly #state: Int32Array | undefined;
  readonly #fd: number;
  // Replaced, never mutated: a dispatch iterates the array it started with, without copying it.
  #listeners: readonly Listener[] = [];
  readonly #received = new Int32Array(1); // see NativeReceiver.watch
  #closed = false;
  #refed = true;

  /** @internal `handle` and `state` are absent for a pair's end, which has no shared state. */
  protected constructor(receiver: NativeReceiver, handle?: DoorbellHandle, state?: Int32Array) {
    this.#receiver = receiver;
    this.#handle = handle;
    this.#state = state;
    this.#fd = receiver.fd();
  }

  /**
   * Creates a doorbell whose receiver lives on the calling thread.
   * @param options `semaphore`: each drain takes 1. `backend`: 'eventfd' (the default).
   *   `pollUnderLoad`: see {@link ReceiverOptions}.
   * @throws TypeError / RangeError for bad options; an Error with an errno `code` (EMFILE, ...)
   */
  static create(options?: DoorbellOptions): Doorbell {
    const { semaphore, backend, pollUnderLoad } = validateOptions(options, 'options');
    const polls = validateOptionalBoolean(pollUnderLoad, 'options.pollUnderLoad') ?? true;
    const isSemaphore = validateOptionalBoolean(semaphore, 'options.semaphore') ?? false;
    const kind = backend ?? (process.platform === 'linux' ? 'eventfd' : 'pipe');
    if (kind !== 'eventfd' && kind !== 'pipe') {
      throw new RangeError(`options.backend must be 'eventfd' or 'pipe'; got ${String(backend)}`);
    }
    if (kind === 'pipe' && isSemaphore) throw new RangeError("options.semaphore needs backend 'eventfd'");
    const buffer = new SharedArrayBuffer(binding.stateBytes);
    const state = new Int32Array(buffer);
    const receiver = kind === 'pipe' ? new binding.Receiver(state, 'pipe') : new binding.Receiver(state, isSemaphore);
    receiver.setPollUnderLoad(polls);
    const handle: DoorbellHandle = Object.freeze({
      type: 'doorbell',
      fd: receiver.writeFd(),
      readFd: kind === 'pipe' ? receiver.fd() : -1,
      state: buffer,
      semaphore: isSemaphore,
      backend: kind,
    });
    return new Doorbell(receiver, handle, state);
  }

  /**
   * A further receiver of an open doorbell, on the calling thread. Receivers compete: each drain
   * takes what is pending at that moment (one unit in semaphore mode). Closing it closes only it.
   * @throws DoorbellClosedError when the doorbell is closed; TypeError for anything not a handle
   *   or bad options
   */
  static open(handle: DoorbellHandle, options?: ReceiverOptions): Doorbell {
    validateHandle(handle, 'handle');
    const { pollUnderLoad } = validateOptions(options, 'options');
    const polls = validateOptionalBoolean(pollUnderLoad, 'options.pollUnderLoad') ?? true;
    const state = new Int32Array(handle.state);
    if (binding.isClosed(state)) throw new DoorbellClosedError();
    let receiver: NativeReceiver;
    try {
      receiver =
        handle.backend === 'pipe'
          ? new binding.Receiver(state, handle.fd, handle.readFd)
          : new binding.Receiver(state, handle.fd);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_DOORBELL_CLOSED') throw new DoorbellClosedError();
      throw error;
    }
    receiver.setPollUnderLoad(polls);
    return new Doorbell(receiver, handle, state);
  }

  /** This receiver's fd: poll it for readability from a foreign event loop, then call drain(). -1 once closed. */
  get fd(): number {
    return this.closed ? -1 : this.#fd;
  }

  /**
   * The fd raw writers write to: `fd` itself for an eventfd, the write end for a pipe. -1 once
   * closed.
   */
  get writeFd(): number {
    return this.closed ? -1 : this.#receiver.writeFd();
  }

  /** True once this receiver or the doorbell's creator has been closed. */
  get closed(): boolean {
    return this.#closed || (this.#state !== undefined && binding.isClosed(this.#state));
  }

  /**
   * Adds n (default 1) to the pending count.
   * @throws RangeError/TypeError naming `n` for anything but a positive safe integer or a positive
   * bigint up to 2^64-2; DoorbellOverflowError if the pending count would pass 2^64-2;
   * DoorbellClosedError once closed. A ring that throws adds nothing.
   */
  ring(n: number | bigint = 1): void {
    const count = validateCount(n, 'ring(n): n');
    if (this.#closed || !this.#state || !this.#handle) throw this.closedError();
    ringShared(this.#state, this.#handle.fd, count, coalesces(this.#handle));
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
    const count = this.#take();
    if (bigint) return BigInt(count);
    if (typeof count === 'bigint') {
      this.#putBack(count);
      throw unrepresentable(count);
    }
    return count;
  }

  /**
   * Calls `onCount` on this thread with each coalesced count (never 0) until the returned
   * function is called or the doorbell closes. Any number of watches share one native watcher
   * and each sees every count.
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
      onCount: onCount as (count: never) => void,
      bigint: validateOptionalBoolean(raw.bigint, 'options.bigint') ?? false,
      ref: validateOptionalBoolean(raw.ref, 'options.ref') ?? true,
      onClose: optionalFunction(raw.onClose, 'options.onClose'),
      onError: optionalFunction(raw.onError, 'options.onError'),
      removed: false,
    };
    if (this.closed) throw this.closedError();
    if (this.#listeners.length === 0) {
      const received = this.#received;
      this.#receiver.watch(
        (count) => {
          received[0] = 1;
          this.#dispatchCount(count);
        },
        () => this.#finishClose(),
        (error) => this.#dispatchError(error),
        received,
      );
    }
    this.#listeners = [...this.#listeners, listener];
    this.#applyRef();
    return () => this.#remove(listener);
  }

  /** The structured-cloneable handle to send to other threads (postMessage / workerData). */
  handle(): DoorbellHandle {
    if (!this.#handle) throw new TypeError('a DoorbellPair end has no handle: its peer is another process');
    return this.#handle;
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
   * ends, every Ringer is revoked, pending counts are dropped). On one that `open` made: closes
   * only that receiver. Safe from inside a watch callback.
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

  #take(): number | bigint {
    // A doorbell closed elsewhere needs no check here: the native take sees it after its read.
    if (this.#closed) throw this.closedError();
    try {
      return this.#receiver.drain();
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_DOORBELL_CLOSED') throw error;
      this.#finishClose();
      throw this.closedError();
    }
  }

  #putBack(count: bigint): void {
    if (this.#receiver.putBack(count) !== 0)
      throw new DoorbellOverflowError(count, `count ${count} could not be put back`);
  }

  #dispatchCount(count: number | bigint): void {
    if (typeof count === 'bigint') {
      const numberListeners = this.#listeners.filter((listener) => !listener.bigint);
      if (numberListeners.length > 0) {
        // Never round: leave it pending (bigint watchers get it on the next wake-up) and end the
        // number-mode watches with a RangeError.
        this.#putBack(count);
        for (const listener of numberListeners) this.#fail(listener, unrepresentable(count));
        return;
      }
    }
    for (const listener of this.#listeners) {
      if (this.#closed) return; // closed from inside an earlier callback: drop the rest
      if (listener.removed) continue;
      const onCount = listener.onCount as (count: number | bigint) => void;
      onCount(listener.bigint ? BigInt(count) : count);
    }
  }

  #dispatchError(error: Error): void {
    for (const listener of this.#listeners) this.#fail(listener, error);
  }

  #fail(listener: Listener, error: Error): void {
    this.#remove(listener);
    if (listener.onError) {
      listener.onError(error);
    } else {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  #finishClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#receiver.close();
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener.removed = true;
    for (const listener of listeners) listener.onClose?.();
  }

  #remove(listener: Listener): void {
    if (listener.removed) return;
    listener.removed = true;
    this.#listeners = this.#listeners.filter((other) => other !== listener);
    if (this.#listeners.length === 0 && !this.#closed) this.#receiver.unwatch();
    this.#applyRef();
  }

  #applyRef(): void {
    if (this.#closed) return;
    let wanted = false;
    for (const listener of this.#listeners) wanted ||= listener.ref;
    this.#receiver.setRef(this.#refed && wanted);
  }
}

function optionalFunction<T>(value: unknown, name: string): T | undefined {
  if (value === undefined) return undefined;
  validateFunction(value, name);
  return value as T;
}
