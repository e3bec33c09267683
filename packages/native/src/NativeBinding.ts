/**
 * What the compiled addon exports. core is written against this interface, never the addon file.
 * Applications use `@doorbell/core`; this is for core and for tests.
 *
 * @example
 * ```ts
 * import { binding } from '@doorbell/native';
 * const state = new Int32Array(new SharedArrayBuffer(binding.stateBytes));
 * const receiver = new binding.Receiver(state, false);
 * binding.ring(state, receiver.fd(), 2);
 * console.log(receiver.drain()); // 2
 * receiver.close();
 * ```
 */
export interface NativeBinding {
  /** Size in bytes of the SharedArrayBuffer that carries a doorbell's shared state. */
  readonly stateBytes: number;
  /** Where the coalescing lanes live in the state and what their bits mean (see Coalescer.hh). */
  readonly layout: CoalescerLayout;
  readonly Receiver: ReceiverConstructor;
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
}

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
  /** Index of the backend word (0 eventfd, 1 pipe). */
  readonly backendIndex: number;
  /** Mask of the coalesced count bits. */
  readonly count: number;
  readonly pending: number;
  readonly exact: number;
  readonly closed: number;
}

/**
 * The addon's Receiver class: one receiver of a doorbell on the calling thread.
 *
 * @example
 * ```ts
 * import { binding, type ReceiverConstructor } from '@doorbell/native';
 * const Receiver: ReceiverConstructor = binding.Receiver;
 * const state = new Int32Array(new SharedArrayBuffer(binding.stateBytes));
 * const creator = new Receiver(state, false);
 * const second = new Receiver(state, creator.fd());
 * second.close();
 * creator.close();
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
 * const receiver: NativeReceiver = new binding.Receiver(state, false);
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
  /** Whether a flood makes this receiver take rings on a 1 ms timer (default true; see Receiver.cc). */
  setPollUnderLoad(enabled: boolean): void;
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
 * const receiver = new binding.Receiver(state, false);
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
