/**
 * What the compiled addon exports. core is written against this interface, never the addon file.
 * Applications use `@doorbell/core`; this is for core and for tests. Receivers come from named
 * factories, each of which validates its arguments and then constructs (SourceFactories.hh).
 *
 * @example
 * ```ts
 * import { binding } from '@doorbell/native';
 * const state = new Int32Array(new SharedArrayBuffer(binding.stateBytes));
 * const receiver = binding.createEventfd(state, false);
 * binding.ring(state, receiver.fd(), 2);
 * console.log(receiver.drain(true)); // 2
 * receiver.close();
 * ```
 */
export interface NativeBinding {
  /** Size in bytes of the SharedArrayBuffer that carries a doorbell's shared state. */
  readonly stateBytes: number;
  /** Where the coalescing lanes live in the state and what their bits mean (see Coalescer.hh). */
  readonly layout: CoalescerLayout;
  /** A new eventfd doorbell (non-blocking, close-on-exec); the receiver is its creator. */
  createEventfd(state: Int32Array, semaphore: boolean): NativeReceiver;
  /** A new pipe doorbell (packet mode, non-blocking, close-on-exec); the receiver is its creator. */
  createPipe(state: Int32Array): NativeReceiver;
  /**
   * A further receiver of an open doorbell, on this thread, over duplicates of the creator's fds
   * (the state names them; `fd` and `readFd` are the handle's). Throws an Error with code
   * ERR_DOORBELL_CLOSED once the doorbell is closed.
   */
  openReceiver(state: Int32Array, fd: number, readFd: number): NativeReceiver;
  /** One end of a DoorbellPair (a SOCK_SEQPACKET socket); the receiver owns and will close `fd`. */
  adoptSocket(fd: number): NativeReceiver;
  /**
   * Doorbell.fromFd: a receiver over a close-on-exec duplicate of an eventfd made elsewhere (the
   * caller's fd stays open). TypeError "fd must be an eventfd" for anything else, and when
   * `semaphore` contradicts what the kernel reports for it; an errno Error (EBADF) when `fd` is not
   * open. Nothing is leaked on failure.
   */
  adoptEventfd(fd: number, semaphore: boolean): NativeReceiver;
  /**
   * What `fd` is, for Ringer.fromFd's check. A pipe or FIFO is 'pipe' / 'fifo' only when it can be
   * written (opened O_WRONLY or O_RDWR); a read-only end is 'pipe-read' / 'fifo-read'. An Error
   * with an errno code (EBADF) when `fd` is not open.
   */
  fdKind(fd: number): FdKind;
  /**
   * The slow path of a ring on a coalescer lane (default 0; the fast path is core's CAS on the
   * lane): 0 on success, 1 when the doorbell is closed, or a negative errno (-EAGAIN: overflow,
   * nothing added).
   */
  ring(state: Int32Array, fd: number, n: number | bigint, lane?: number): number;
  /** A raw 8-byte write to an fd this process holds. 0 or a negative errno. */
  ringFd(fd: number, n: number | bigint): number;
  isClosed(state: Int32Array): boolean;
  /** The two ends of a new DoorbellPair: SOCK_SEQPACKET, non-blocking, close-on-exec. */
  socketPair(): [number, number];
  /**
   * @deprecated The former constructor, mapped onto the factories until core calls them; it goes
   * once core has switched.
   */
  readonly Receiver: ReceiverConstructor;
}

/**
 * What {@link NativeBinding.fdKind} reports. 'pipe' and 'fifo' are write ends (or read-write).
 *
 * @example
 * ```ts
 * import { binding, type FdKind } from '@doorbell/native';
 * const kind: FdKind = binding.fdKind(1);
 * console.log(kind); // 'tty', 'pipe', 'file', ... depending on where stdout goes
 * ```
 */
export type FdKind = 'eventfd' | 'pipe' | 'pipe-read' | 'fifo' | 'fifo-read' | 'socket' | 'file' | 'tty' | 'other';

/**
 * Where core's ring fast path finds its coalescing lane (see Coalescer.hh).
 *
 * @example
 * ```ts
 * import { binding, type CoalescerLayout } from '@doorbell/native';
 * const layout: CoalescerLayout = binding.layout;
 * console.log(layout.lanes, layout.laneIndex, layout.pending.toString(2));
 * ```
 */
export interface CoalescerLayout {
  /** How many coalescing lanes a doorbell has; a thread rings on lane threadId % lanes. */
  readonly lanes: number;
  /** Index of lane 0's word in the state's Int32Array. */
  readonly laneIndex: number;
  /** Distance between two lanes' words, in Int32Array elements (a cache line or more). */
  readonly laneStride: number;
  /** Mask of the coalesced count bits. */
  readonly count: number;
  readonly pending: number;
  readonly exact: number;
  readonly closed: number;
}

/**
 * @deprecated The former constructor's shapes (see {@link NativeBinding.Receiver}).
 *
 * @example
 * ```ts
 * import { binding, type ReceiverConstructor } from '@doorbell/native';
 * const Receiver: ReceiverConstructor = binding.Receiver;
 * const receiver = new Receiver(new Int32Array(new SharedArrayBuffer(binding.stateBytes)), false);
 * receiver.close();
 * ```
 */
export interface ReceiverConstructor {
  /** Creates a new eventfd; this receiver is the doorbell's creator. */
  new (state: Int32Array, semaphore: boolean): NativeReceiver;
  /** Creates a new pipe; this receiver is the doorbell's creator. */
  new (state: Int32Array, backend: 'pipe'): NativeReceiver;
  /** A further receiver of an open doorbell, on a duplicate of its fd (and, for a pipe, of its read end). */
  new (state: Int32Array, fd: number, readFd?: number): NativeReceiver;
  /** Adopts (and will close) one end of a DoorbellPair. */
  new (kind: 'socket', fd: number): NativeReceiver;
}

/**
 * A receiver: poll its fd, drain it, or watch it on this thread's event loop.
 *
 * @example
 * ```ts
 * import { binding, type NativeReceiver } from '@doorbell/native';
 * const state = new Int32Array(new SharedArrayBuffer(binding.stateBytes));
 * const receiver: NativeReceiver = binding.createEventfd(state, false);
 * const received = new Int32Array(1);
 * receiver.watch(
 *   (count) => { received[0] = 1; console.log(count); receiver.close(); },
 *   () => {},
 *   (error) => console.error(error),
 *   received,
 * );
 * binding.ring(state, receiver.fd(), 1);
 * ```
 */
export interface NativeReceiver {
  /** The fd to poll for readability. */
  fd(): number;
  /** The fd rings are written to: fd() itself, except for a pipe (its write end). */
  writeFd(): number;
  /**
   * The pending count (a bigint above Number.MAX_SAFE_INTEGER), 0 when nothing is pending.
   * `safeOnly`: a count above Number.MAX_SAFE_INTEGER is put back in this same native call and
   * returned as a bigint (the caller then throws RangeError); nothing can split take and put-back.
   */
  drain(safeOnly?: boolean): number | bigint;
  /** Adds a count back that was taken but cannot be delivered. 0 or a negative errno. */
  putBack(n: number | bigint): number;
  /** Rings the other end of a pair. 0 or a negative errno (-EPIPE: the peer is gone). */
  ringPeer(n: number | bigint): number;
  /**
   * Calls onCount with each count taken. onCount must set `received[0] = 1` before anything else:
   * a count JS never got (its thread was being torn down) is put back for another receiver.
   */
  watch(
    onCount: (count: number | bigint) => void,
    onClosed: () => void,
    onError: (error: Error & { code?: string }) => void,
    received: Int32Array,
  ): void;
  unwatch(): void;
  setRef(refed: boolean): void;
  /**
   * Whether a flood makes this receiver hold rings in shared memory and take them every
   * `periodMicros` (default true, 1000 µs; see FloodHold.hh). The period may be below a millisecond
   * (a timerfd); RangeError unless it is a whole number from 1 to 1,000,000. Omitted, the period
   * stays what it was.
   */
  setPollUnderLoad(enabled: boolean, periodMicros?: number): void;
  /**
   * Graceful end (contract point 12), the creator only (false for others, or if already closed):
   * takes a user slot for itself and sets CLOSED|FINAL: rings fail from now on, other receivers
   * stop taking (a take that begins after it takes nothing and ends its watch). See SharedState.hh.
   */
  beginEnd(): boolean;
  /**
   * During an end: true while any thread other than the ender is still inside (a ring's slow path
   * that began before CLOSED, or a take that began before FINAL, until it has delivered).
   */
  othersInside(): boolean;
  /**
   * Idempotent. The creator's close revokes the doorbell everywhere (and after beginEnd, leaves
   * the ender's slot); the last thread out writes the wake-up token and closes the creator's fd.
   */
  close(): void;
}

/**
 * Negative errno values the binding returns, as Linux defines them.
 *
 * @example
 * ```ts
 * import { binding, Errno } from '@doorbell/native';
 * const state = new Int32Array(new SharedArrayBuffer(binding.stateBytes));
 * const receiver = binding.createEventfd(state, false);
 * binding.ring(state, receiver.fd(), 2n ** 64n - 2n);
 * console.log(binding.ring(state, receiver.fd(), 1) === Errno.EAGAIN); // true: full
 * receiver.close();
 * ```
 */
export const Errno = {
  EAGAIN: -11,
  EBADF: -9,
  EPIPE: -32,
} as const;
