import { threadId } from 'node:worker_threads';
import type { NativeBinding } from '@doorbell/native';
import type { DoorbellHandle } from '../DoorbellHandle.js';
import { requireNative } from './native.js';
import { throwIfRingFailed } from './ringStatus.js';

// Where this thread's coalescing lane is and what its bits mean: read from the addon on first use
// (core loads it lazily), then plain module variables on the ring path.
let WORD = -1;
let LANE = 0;
let COUNT = 0;
let PENDING = 0;
let GATE = 0;
let native: NativeBinding;

function init(): void {
  const binding = requireNative('ring');
  const { lanes, laneIndex, laneStride, count, pending, exact, closed } = binding.layout;
  // Each thread rings on a lane of its own (while there are enough): threads ringing at once then
  // never contend for one cache line.
  LANE = threadId % lanes;
  WORD = laneIndex + LANE * laneStride;
  COUNT = count;
  PENDING = pending;
  GATE = pending | exact | closed;
  native = binding;
}

/** Whether rings on this handle may take the shared-memory fast path. */
export function coalesces(handle: DoorbellHandle): boolean {
  return handle.backend === 'eventfd' && !handle.semaphore;
}

/**
 * Rings a doorbell through its shared state. While a wake-up is already due (PENDING), the ring
 * is one CAS on this thread's coalescing lane and nothing else; otherwise one native call sets
 * PENDING and writes to the fd. The protocol and why it loses nothing:
 * packages/native/src/Coalescer.hh. Every Atomics operation is sequentially consistent, the order
 * that argument assumes of the fast path on every CPU (arm64 included).
 *
 * @param n a validated count
 * @param coalesce false for semaphore doorbells (every unit goes through the kernel) and pipe
 *   doorbells (their own counter, see PipeCounter.hh)
 */
export function ringShared(state: Int32Array, fd: number, n: number | bigint, coalesce: boolean): void {
  if (WORD < 0) init();
  if (typeof n === 'number' && coalesce) {
    let word = Atomics.load(state, WORD);
    while ((word & GATE) === PENDING && (word & COUNT) + n <= COUNT) {
      const seen = Atomics.compareExchange(state, WORD, word, word + n);
      if (seen === word) return;
      word = seen;
    }
  }
  throwIfRingFailed(native.ring(state, fd, n, LANE), n);
}
