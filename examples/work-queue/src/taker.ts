// The worker: a competing receiver of the semaphore doorbell. Each emission is one unit of work; it
// does the work, counts it in its slot of the shared tallies, and exits when the doorbell closes.
import { parentPort, workerData } from 'node:worker_threads';
import { Doorbell, type DoorbellHandle } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';

export interface TakerData {
  readonly handle: DoorbellHandle;
  /** One slot per worker, on a SharedArrayBuffer: the main thread reads them while we run. */
  readonly tallies: Int32Array;
  readonly index: number;
}

/** What one unit of work costs: long enough that the workers really share the queue. */
const WORK_MICROSECONDS = 20;

function work(): void {
  const until = performance.now() + WORK_MICROSECONDS / 1000;
  while (performance.now() < until);
}

const { handle, tallies, index } = workerData as TakerData;

fromDoorbell(Doorbell.open(handle)).subscribe({
  next: (units) => {
    work();
    Atomics.add(tallies, index, units);
  },
  // Once the doorbell closes the receiver has nothing left to watch, and this thread exits.
});

parentPort?.postMessage('ready');
