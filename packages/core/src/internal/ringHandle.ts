import type { DoorbellHandle } from '../DoorbellHandle.js';
import { atomicsWord, isAtomicsClosed, ringAtomics } from './atomics/atomicsState.js';
import { requireNative } from './native.js';
import { CoalescingRinger, NativeRinger } from './ring.js';

/** How a thread rings the doorbell a handle names, and sees whether it is closed. */
export interface HandleRinger {
  /** Rings a validated count; throws what the contract names. */
  ring(n: number | bigint): void;
  closed(): boolean;
}

export function ringerFor(handle: DoorbellHandle): HandleRinger {
  if (handle.backend === 'atomics') {
    const word = atomicsWord(handle.state);
    return { ring: (n) => ringAtomics(word, n), closed: () => isAtomicsClosed(word) };
  }
  requireNative(`a '${handle.backend}' doorbell`);
  const state = new Int32Array(handle.state);
  // Rings coalesce in shared memory only on an eventfd counter: a semaphore's every unit goes
  // through the kernel, and a pipe has its own counter (PipeCounter.hh).
  const coalesces = handle.backend === 'eventfd' && !handle.semaphore;
  return coalesces ? new CoalescingRinger(state, handle.fd) : new NativeRinger(state, handle.fd);
}
