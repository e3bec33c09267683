import { binding } from '@doorbell/native';
import { DoorbellClosedError } from './DoorbellClosedError.js';
import { type DoorbellHandle, validateHandle } from './DoorbellHandle.js';
import { coalesces, ringShared } from './internal/ring.js';
import { throwIfRingFailed } from './internal/ringStatus.js';
import { validateCount, validateFd } from './internal/validate.js';

/**
 * The ringing end of a doorbell, for any thread of the process (`Ringer.open`) or for a child
 * process that inherited the fd (`Ringer.fromFd`).
 *
 * @example
 * ```ts
 * // worker.ts, started with new Worker(file, { workerData: bell.handle() })
 * import { workerData } from 'node:worker_threads';
 * import { Ringer } from '@doorbell/core';
 *
 * using ringer = Ringer.open(workerData);
 * for (let i = 0; i < 1000; i++) ringer.ring();
 * ```
 */
export class Ringer implements Disposable {
  readonly #state: Int32Array | undefined;
  readonly #fd: number;
  readonly #coalesce: boolean;
  #closed = false;

  private constructor(state: Int32Array | undefined, fd: number, coalesce: boolean) {
    this.#state = state;
    this.#fd = fd;
    this.#coalesce = coalesce;
  }

  /**
   * Opens a ringer on a doorbell's handle, in any thread of this process.
   * @throws DoorbellClosedError if the doorbell is closed; TypeError for anything not a handle
   */
  static open(handle: DoorbellHandle): Ringer {
    validateHandle(handle, 'handle');
    const state = new Int32Array(handle.state);
    if (binding.isClosed(state)) throw new DoorbellClosedError();
    return new Ringer(state, handle.fd, coalesces(handle));
  }

  /**
   * A raw ringer on an fd this process inherited (a child given the fd in its stdio array): an
   * eventfd, or the write end of a 'pipe' doorbell (`handle().fd`). On a full pipe the ring
   * throws DoorbellOverflowError and adds nothing.
   * It cannot see whether the parent closed the doorbell: the parent's receiver simply stops.
   * @throws TypeError / RangeError naming `fd`
   */
  static fromFd(fd: number): Ringer {
    return new Ringer(undefined, validateFd(fd, 'fd'), false);
  }

  /**
   * Adds n (default 1) to the doorbell's pending count.
   * @throws RangeError/TypeError naming `n` for anything but a positive safe integer or a positive
   * bigint up to 2^64-2; DoorbellOverflowError if the pending count would pass 2^64-2;
   * DoorbellClosedError once the doorbell or this ringer is closed. A ring that throws adds nothing.
   */
  ring(n: number | bigint = 1): void {
    const count = validateCount(n, 'ring(n): n');
    if (this.#closed) throw new DoorbellClosedError('this ringer is closed');
    if (this.#state) {
      ringShared(this.#state, this.#fd, count, this.#coalesce);
    } else {
      throwIfRingFailed(binding.ringFd(this.#fd, count), count);
    }
  }

  /** Idempotent. Later rings on this ringer throw DoorbellClosedError; the doorbell is unaffected. */
  close(): void {
    this.#closed = true;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
