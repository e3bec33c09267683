import { threadId } from 'node:worker_threads';
import type { NativeBinding } from '@doorbell/native';
import { requireNative } from './native.js';
import { throwIfRingFailed } from './ringStatus.js';

// Where this thread's coalescing lane is and what its bits mean: read from the addon on first use
// (core loads it lazily), then plain module variables on the ring path.
let WORD = -1;
let LANE = 0;
let PENDING = 0;
let FULL = 0;
let native: NativeBinding;

function init(): void {
  const binding = requireNative('ring');
  const { lanes, laneIndex, laneStride, count, pending, exact, closed } = binding.layout;
  // The fast path's test relies on this shape: the count in the low bits, PENDING the next bit
  // up, every other flag above it, the sign bit unused.
  if (pending !== count + 1 || exact <= pending || closed <= pending || (exact | closed) < 0) {
    throw new Error('@doorbell/core does not match this @doorbell/native (lane layout)');
  }
  // Each thread rings on a lane of its own (while there are enough): threads ringing at once then
  // never contend for one cache line.
  LANE = threadId % lanes;
  WORD = laneIndex + LANE * laneStride;
  PENDING = pending;
  FULL = pending | count;
  native = binding;
}

/**
 * Whether a ring of n may add to a lane word in place: PENDING set, no other flag, and room in the
 * count. With the layout init() checks, that is one range: the words from PENDING (count 0) to
 * PENDING|COUNT (full); a word with EXACT or CLOSED is above it, one without PENDING below.
 */
function coalescesInto(word: number, n: number): boolean {
  return word >= PENDING && word + n <= FULL;
}

/**
 * Rings a doorbell through its shared state from this thread, without coalescing: every ring is
 * one native call (semaphore doorbells, where every unit goes through the kernel; pipe doorbells,
 * which have their own counter, see PipeCounter.hh).
 */
export class NativeRinger {
  protected readonly state: Int32Array;
  protected readonly fd: number;

  constructor(state: Int32Array, fd: number) {
    if (WORD < 0) init();
    this.state = state;
    this.fd = fd;
  }

  /** Rings a validated count; throws what the contract names. */
  ring(n: number | bigint): void {
    throwIfRingFailed(native.ring(this.state, this.fd, n, LANE), n);
  }

  closed(): boolean {
    return native.isClosed(this.state);
  }
}

/**
 * Rings an eventfd doorbell (not a semaphore) from this thread. While a wake-up is already due
 * (PENDING), a ring is one CAS on this thread's coalescing lane and nothing else; otherwise one
 * native call sets PENDING and writes to the fd. The protocol and why it loses nothing:
 * packages/native/src/Coalescer.hh. Every Atomics operation is sequentially consistent, the order
 * that argument assumes of the fast path on every CPU (arm64 included).
 *
 * The CAS expects the word this ringer's last fast-path ring left in the lane, instead of loading
 * it first: the lane is this thread's own (while there are no more threads than lanes), so that
 * is still the word until a take empties it, and a ring then costs one atomic operation. A wrong guess costs only that CAS, which returns the
 * word it found; the loop goes on from there exactly as it would after a load. Only a successful
 * CAS changes the lane, and it compares the whole word, so the guess never decides anything.
 */
export class CoalescingRinger extends NativeRinger {
  readonly #word = WORD;
  // FULL (which sends the first ring to a load), or the word this ringer's last successful CAS
  // left: PENDING set, no other flag, as coalescesInto checked. Only its room is left to check.
  #guess = FULL;

  override ring(n: number | bigint): void {
    if (typeof n === 'number') {
      let word = this.#guess;
      if (word + n > FULL) {
        // No room by the guess (or the first ring's FULL): look at the lane itself.
        word = Atomics.load(this.state, this.#word);
        if (!coalescesInto(word, n)) word = -1;
      }
      while (word >= 0) {
        const seen = Atomics.compareExchange(this.state, this.#word, word, word + n);
        if (seen === word) {
          this.#guess = word + n;
          return;
        }
        word = coalescesInto(seen, n) ? seen : -1; // -1: to the slow path
      }
    }
    super.ring(n);
  }
}
