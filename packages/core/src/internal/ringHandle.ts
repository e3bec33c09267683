import type { DoorbellHandle } from '../DoorbellHandle.js';
import { atomicsWord, isAtomicsClosed, ringAtomics } from './atomics/atomicsState.js';
import { requireNative } from './native.js';
import { coalesces, ringShared } from './ring.js';

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
  const binding = requireNative(`a '${handle.backend}' doorbell`);
  const state = new Int32Array(handle.state);
  const coalesce = coalesces(handle);
  return { ring: (n) => ringShared(state, handle.fd, n, coalesce), closed: () => binding.isClosed(state) };
}
