import type { NativeReceiver } from '@doorbell/native';
import { DoorbellClosedError } from './DoorbellClosedError.js';
import { type DoorbellHandle, validateHandle } from './DoorbellHandle.js';
import { DoorbellReceiver } from './DoorbellReceiver.js';
import { AtomicsReceiver } from './internal/atomics/AtomicsReceiver.js';
import { ATOMICS_STATE_BYTES, atomicsWord } from './internal/atomics/atomicsState.js';
import { closeOnCollect } from './internal/closeOnCollect.js';
import { nativeBinding, requireNative } from './internal/native.js';
import type { ReceiverPort } from './internal/ReceiverPort.js';
import { type HandleRinger, ringerFor } from './internal/ringHandle.js';
import { throwIfRingFailed } from './internal/ringStatus.js';
import { validateCount, validateFd, validateOptionalBoolean, validateOptions } from './internal/validate.js';

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
  /**
   * The period of the takes during a flood hold, in microseconds: a whole number from 1 to
   * 1,000,000. Shorter delivers a count rung during a flood sooner, at the price of more wake-ups
   * of the receiving thread (the bench's flood-hold curve measures the trade-off). Default 1000.
   */
  pollPeriodMicros?: number;
}

/**
 * The backends a doorbell can have: see {@link DoorbellOptions.backend}.
 *
 * @example
 * ```ts
 * import { Doorbell, type DoorbellBackend } from '@doorbell/core';
 * const backend: DoorbellBackend = 'atomics';
 * using bell = Doorbell.create({ backend });
 * console.log(bell.fd); // -1: no kernel object
 * ```
 */
export type DoorbellBackend = 'eventfd' | 'pipe' | 'atomics';

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
   * What holds the count:
   * - 'eventfd' (Linux; the default where the native addon loads): a kernel counter that threads,
   *   other processes, raw writers in any language and the kernel can ring;
   * - 'pipe': a pipe carrying 8-byte counts, for systems without eventfd (not a semaphore; on a
   *   full pipe a raw writer's ring fails);
   * - 'atomics' (the default where the addon cannot load: macOS, Windows, musl without a build):
   *   a doorbell for the threads of this process only, with no kernel object: `fd` is -1, rings
   *   are atomic adds in shared memory and the receiver waits in `Atomics.waitAsync`.
   */
  backend?: DoorbellBackend;
}

const BACKENDS: readonly unknown[] = ['eventfd', 'pipe', 'atomics'];

/** What a Doorbell is made of, besides its receiving side. */
interface Parts {
  port: ReceiverPort;
  semaphore: boolean;
  handle: DoorbellHandle | undefined;
  /** How this doorbell rings itself: through the handle, or (adopted fds) a raw write. */
  ringer: HandleRinger;
}

/**
 * A doorbell: a counter that any thread or process can ring, and its receiver on the thread that
 * created (or opened) it, which wakes once and delivers everything rung since the last drain.
 * The receiving side (watch, drain, flush, end, counts, close) is {@link DoorbellReceiver}'s.
 *
 * Use it directly for non-Rx code; `fromDoorbell` in `@doorbell/rx` turns it into an Observable.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { Doorbell } from '@doorbell/core';
 *
 * const bell = Doorbell.create();
 * bell.watch((count) => console.log(`rung ${count} times since the last wake-up`));
 * bell.ring();
 * bell.ring(41);
 * // elsewhere: new Worker(file, { workerData: bell.handle() }) and Ringer.open(workerData).ring()
 * await bell.end(); // delivers everything rung so far, then closes
 * ```
 */
export class Doorbell extends DoorbellReceiver {
  readonly #handle: DoorbellHandle | undefined;
  readonly #ringer: HandleRinger;
  readonly #port: ReceiverPort;
  readonly #collected: { closed(): void } | undefined;
  // This receiver closed here (close, end, or closed everywhere and noticed). A ring needs no more
  // than this: one on a doorbell closed elsewhere fails in the ring itself (the lanes and the
  // shared word carry CLOSED), so the ring path makes no extra call to ask.
  #closedHere = false;

  private constructor(parts: Parts, creator: boolean) {
    super(parts.port, parts.semaphore);
    this.#port = parts.port;
    this.#handle = parts.handle;
    this.#ringer = parts.ringer;
    const backend = parts.handle?.backend;
    this.#collected = creator && backend && backend !== 'atomics' ? closeOnCollect(this, backend) : undefined;
  }

  /**
   * Creates a doorbell whose receiver lives on the calling thread.
   * @param options `semaphore`: each drain takes 1. `backend`: see {@link DoorbellOptions}.
   *   `pollUnderLoad`: see {@link ReceiverOptions}.
   * @throws TypeError / RangeError for bad options; DoorbellUnsupportedError for 'eventfd' or
   *   'pipe' where the addon cannot load; an Error with an errno `code` (EMFILE, ...)
   */
  static create(options?: DoorbellOptions): Doorbell {
    const raw = validateOptions(options, 'options');
    const { semaphore, backend } = raw;
    const hold = validateHold(raw);
    const isSemaphore = validateOptionalBoolean(semaphore, 'options.semaphore') ?? false;
    if (backend !== undefined && !BACKENDS.includes(backend)) {
      throw new RangeError(`options.backend must be 'eventfd', 'pipe' or 'atomics'; got ${String(backend)}`);
    }
    const kind = (backend as DoorbellBackend | undefined) ?? defaultBackend();
    if (kind === 'pipe' && isSemaphore) throw new RangeError("options.semaphore needs backend 'eventfd' or 'atomics'");
    if (kind === 'atomics') {
      const state = new SharedArrayBuffer(ATOMICS_STATE_BYTES);
      const handle = freezeHandle({ fd: -1, readFd: -1, state, semaphore: isSemaphore, backend: kind });
      const port = new AtomicsReceiver(atomicsWord(state), isSemaphore, true);
      return new Doorbell({ port, semaphore: isSemaphore, handle, ringer: ringerFor(handle) }, true);
    }
    const binding = requireNative(`backend '${kind}'`);
    const state = new SharedArrayBuffer(binding.stateBytes);
    const view = new Int32Array(state);
    const port = kind === 'pipe' ? binding.createPipe(view) : binding.createEventfd(view, isSemaphore);
    setHold(port, hold);
    const readFd = kind === 'pipe' ? port.fd() : -1;
    const handle = freezeHandle({ fd: port.writeFd(), readFd, state, semaphore: isSemaphore, backend: kind });
    return new Doorbell({ port, semaphore: isSemaphore, handle, ringer: ringerFor(handle) }, true);
  }

  /**
   * A further receiver of an open doorbell, on the calling thread. Receivers compete: each drain
   * takes what is pending at that moment (one unit in semaphore mode). Closing it closes only it.
   * @throws DoorbellClosedError when the doorbell is closed; TypeError for anything not a handle
   *   or bad options
   */
  static open(handle: DoorbellHandle, options?: ReceiverOptions): Doorbell {
    validateHandle(handle, 'handle');
    const hold = validateHold(validateOptions(options, 'options'));
    const ringer = ringerFor(handle);
    if (ringer.closed()) throw new DoorbellClosedError();
    let port: ReceiverPort;
    if (handle.backend === 'atomics') {
      port = new AtomicsReceiver(atomicsWord(handle.state), handle.semaphore, false);
    } else {
      try {
        port = requireNative('Doorbell.open').openReceiver(new Int32Array(handle.state), handle.fd, handle.readFd);
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_DOORBELL_CLOSED') throw new DoorbellClosedError();
        throw error;
      }
      setHold(port, hold);
    }
    return new Doorbell({ port, semaphore: handle.semaphore, handle, ringer }, false);
  }

  /**
   * A receiver over an eventfd this process did not make with `create`: inherited from a parent,
   * or made by a native library (through an FFI or another addon) that wants to wake this event
   * loop. It works on its own close-on-exec duplicate, so `close()` leaves `fd` itself open. It
   * sees raw writes only (rings through a handle coalesce in the creating process's memory), has
   * no handle, and its `ring` writes to the eventfd directly.
   * @param options `semaphore`: each drain takes 1 (say so when the eventfd was made with
   *   EFD_SEMAPHORE, so that flush and end take every unit)
   * @throws TypeError naming `fd` for anything but an eventfd; RangeError for a bad number;
   *   DoorbellUnsupportedError where the addon cannot load
   *
   * @example
   * ```ts
   * import { Doorbell } from '@doorbell/core';
   * // a parent spawned this process with an eventfd as fd 3
   * const bell = Doorbell.fromFd(3);
   * bell.watch((count) => console.log(`the parent rang ${count}`));
   * ```
   */
  static fromFd(fd: number, options?: { semaphore?: boolean }): Doorbell {
    validateFd(fd, 'fd');
    const semaphore =
      validateOptionalBoolean(validateOptions(options, 'options').semaphore, 'options.semaphore') ?? false;
    const binding = requireNative('Doorbell.fromFd');
    const port = binding.adoptEventfd(fd, semaphore);
    const own = port.fd();
    const ringer: HandleRinger = {
      ring: (n) => throwIfRingFailed(binding.ringFd(own, n), n),
      closed: () => false,
    };
    return new Doorbell({ port, semaphore, handle: undefined, ringer }, false);
  }

  /**
   * The fd raw writers write to: `fd` itself for an eventfd, the write end for a pipe. -1 once
   * closed, and for 'atomics'.
   */
  get writeFd(): number {
    return this.closed ? -1 : this.#port.writeFd();
  }

  /**
   * Adds n (default 1) to the pending count.
   * @throws RangeError/TypeError naming `n` for anything but a positive safe integer or a positive
   * bigint up to 2^64-2; DoorbellOverflowError if the pending count would pass 2^64-2;
   * DoorbellClosedError once closed. A ring that throws adds nothing.
   */
  ring(n: number | bigint = 1): void {
    const count = validateCount(n, 'ring(n): n');
    if (this.#closedHere) throw this.closedError();
    this.#ringer.ring(count);
  }

  /**
   * The structured-cloneable handle to send to other threads (postMessage / workerData).
   * @throws TypeError for a doorbell made by `fromFd`: hand over the fd itself instead
   */
  handle(): DoorbellHandle {
    if (!this.#handle) throw new TypeError('a doorbell adopted with Doorbell.fromFd has no handle: hand over its fd');
    return this.#handle;
  }

  protected override closedElsewhere(): boolean {
    return this.#ringer.closed();
  }

  protected override onClosed(): void {
    this.#closedHere = true;
    this.#collected?.closed();
  }
}

function defaultBackend(): DoorbellBackend {
  if (!nativeBinding()) return 'atomics';
  return process.platform === 'linux' ? 'eventfd' : 'pipe';
}

function freezeHandle(fields: Omit<DoorbellHandle, 'type'>): DoorbellHandle {
  return Object.freeze({ type: 'doorbell', ...fields });
}

interface Hold {
  readonly enabled: boolean;
  readonly periodMicros: number;
}

function validateHold({ pollUnderLoad, pollPeriodMicros }: Record<string, unknown>): Hold {
  const enabled = validateOptionalBoolean(pollUnderLoad, 'options.pollUnderLoad') ?? true;
  if (pollPeriodMicros === undefined) return { enabled, periodMicros: 1000 };
  if (typeof pollPeriodMicros !== 'number') {
    throw new TypeError(`options.pollPeriodMicros must be a number; got ${typeof pollPeriodMicros}`);
  }
  if (!Number.isInteger(pollPeriodMicros) || pollPeriodMicros < 1 || pollPeriodMicros > 1_000_000) {
    throw new RangeError(`options.pollPeriodMicros must be a whole number from 1 to 1000000; got ${pollPeriodMicros}`);
  }
  return { enabled, periodMicros: pollPeriodMicros };
}

function setHold(port: ReceiverPort, { enabled, periodMicros }: Hold): void {
  (port as NativeReceiver).setPollUnderLoad(enabled, periodMicros);
}
