// The worker: does the jobs it is sent, one at a time, ringing its own progress doorbell once per
// unit of work done, and posts each job back when it is finished.
import { parentPort, workerData } from 'node:worker_threads';
import { type DoorbellHandle, Ringer } from '@doorbell/core';
import type { Job } from './jobs.js';

export interface WorkerData {
  /** The handle of this worker's progress doorbell. */
  readonly progress: DoorbellHandle;
}

/** What one unit of work takes. */
const UNIT_MS = 10;

// Stands in for real work: it blocks this thread as real work would, but sleeps rather than spins.
const nap = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
const work = (): void => void Atomics.wait(nap, 0, 0, UNIT_MS);

const progress = Ringer.open((workerData as WorkerData).progress);

parentPort?.on('message', (job: Job) => {
  for (let unit = 0; unit < job.units; unit++) {
    work();
    progress.ring();
  }
  parentPort?.postMessage(job);
});
