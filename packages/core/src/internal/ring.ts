import { threadId } from 'node:worker_threads';
import { binding } from '@doorbell/native';
import type { DoorbellHandle } from '../DoorbellHandle.js';
import { throwIfRingFailed } from './ringStatus.js';

const { lanes, laneIndex, laneStride, count: COUNT, pending: PENDING, exact: EXACT, closed: CLOSED } = binding.layout;
const GATE = PENDING | EXACT | CLOSED;
// Each thread rings on a lane of its own (while there are enough): threads ringing at once then
// never contend for one cache line.
const LANE = threadId % lanes;
const WORD = laneIndex + LANE * laneStride;

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
  if (typeof n === 'number' && coalesce) {
    let word = Atomics.load(state, WORD);
    while ((word & GATE) === PENDING && (word & COUNT) + n <= COUNT) {
      const seen = Atomics.compareExchange(state, WORD, word, word + n);
      if (seen === word) return;
      word = seen;
    }
  }
  throwIfRingFailed(binding.ring(state, fd, n, LANE), n);
}
