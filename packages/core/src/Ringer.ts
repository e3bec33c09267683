import { DoorbellClosedError } from './DoorbellClosedError.js';
import { type DoorbellHandle, validateHandle } from './DoorbellHandle.js';
import { requireNative } from './internal/native.js';
import { type HandleRinger, ringerFor } from './internal/ringHandle.js';
import { throwIfRingFailed } from './internal/ringStatus.js';
import { validateCount, validateFd } from './internal/validate.js';
import { validateRingableFd } from './internal/validateRingableFd.js';

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
  readonly #ringer: HandleRinger;
  #closed = false;

  private constructor(ringer: HandleRinger) {
    this.#ringer = ringer;
  }

  /**
   * Opens a ringer on a doorbell's handle, in any thread of this process.
   * @throws DoorbellClosedError if the doorbell is closed; TypeError for anything not a handle
   */
  static open(handle: DoorbellHandle): Ringer {
    validateHandle(handle, 'handle');
    const ringer = ringerFor(handle);
    if (ringer.closed()) throw new DoorbellClosedError();
    return new Ringer(ringer);
  }

  /**
   * A raw ringer on an fd this process inherited (a child given the fd in its stdio array): an
   * eventfd, or the write end of a 'pipe' doorbell (`handle().fd`) or of a FIFO. Checked once, here:
   * anything else (a regular file, a socket, a terminal, a pipe's read end) is refused before
   * anything is written. On a full pipe a ring throws DoorbellOverflowError and adds nothing.
   * It cannot see whether the parent closed the doorbell: the parent's receiver simply stops.
   * In the process that made the doorbell, use `Ringer.open(handle)`: a raw fd number bypasses the
   * revocation that keeps rings from reaching whatever file takes the number after `close()`.
   * @throws TypeError naming `fd` for an fd of the wrong kind (or not open); RangeError for a bad
   *   number; DoorbellUnsupportedError where the addon cannot load
   */
  static fromFd(fd: number): Ringer {
    validateFd(fd, 'fd');
    const binding = requireNative('Ringer.fromFd');
    validateRingableFd(binding, fd, 'fd');
    return new Ringer({ ring: (n) => throwIfRingFailed(binding.ringFd(fd, n), n), closed: () => false });
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
    this.#ringer.ring(count);
  }

  /** Idempotent. Later rings on this ringer throw DoorbellClosedError; the doorbell is unaffected. */
  close(): void {
    this.#closed = true;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
