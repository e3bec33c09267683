import { ATOMICS_STATE_BYTES } from './internal/atomics/atomicsState.js';
import { requireNative } from './internal/native.js';
import { validateFd } from './internal/validate.js';

/**
 * What a doorbell looks like to another thread: structured-cloneable, so it goes through
 * `postMessage` and `workerData`. Open it with `Ringer.open` (to ring) or `Doorbell.open` (to
 * receive). The fd inside is only valid while the doorbell is open; the shared `state` says so.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { Doorbell, type DoorbellHandle } from '@doorbell/core';
 * const bell = Doorbell.create();
 * const handle: DoorbellHandle = bell.handle();
 * // in the worker: Ringer.open(workerData).ring()
 * new Worker('./worker.js', { workerData: handle });
 * ```
 */
export interface DoorbellHandle {
  readonly type: 'doorbell';
  /** Where rings are written (the eventfd, or a pipe's write end); -1 for 'atomics'. */
  readonly fd: number;
  /** A pipe doorbell's read end, for receivers opened elsewhere; -1 for the other backends. */
  readonly readFd: number;
  readonly state: SharedArrayBuffer;
  readonly semaphore: boolean;
  readonly backend: 'eventfd' | 'pipe' | 'atomics';
}

const BACKENDS: readonly unknown[] = ['eventfd', 'pipe', 'atomics'];

/** Checks that `value` is a handle (possibly after a structured clone) and returns it. */
export function validateHandle(value: unknown, name: string): DoorbellHandle {
  const handle = value as Partial<DoorbellHandle> | null;
  if (
    typeof handle !== 'object' ||
    handle === null ||
    handle.type !== 'doorbell' ||
    !(handle.state instanceof SharedArrayBuffer) ||
    typeof handle.semaphore !== 'boolean' ||
    !BACKENDS.includes(handle.backend)
  ) {
    throw new TypeError(`${name} must be a DoorbellHandle from doorbell.handle()`);
  }
  const bytes =
    handle.backend === 'atomics' ? ATOMICS_STATE_BYTES : requireNative(`a '${handle.backend}' doorbell`).stateBytes;
  if (handle.state.byteLength !== bytes) throw new TypeError(`${name} must be a DoorbellHandle from doorbell.handle()`);
  if (handle.backend !== 'atomics') validateFd(handle.fd, `${name}.fd`);
  if (handle.backend === 'pipe') validateFd(handle.readFd, `${name}.readFd`);
  return handle as DoorbellHandle;
}
