// A pool worker: runs one job at a time, ringing the job's doorbell once per unit of work done.
// When the main thread closes that doorbell (the client went away), the next ring throws
// DoorbellClosedError: the job is cancelled and the worker is free for the next one.
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { DoorbellClosedError, Ringer } from '@doorbell/core';
import type { JobMessage, JobReport } from './pool.js';

if (parentPort === null) throw new Error('worker.js runs as a worker thread of the pool');
const port = parentPort;

/** One unit of work: here, waiting; in a real service, a chunk of a file, a batch of rows, ... */
async function doUnit(unitMs: number): Promise<void> {
  await sleep(unitMs);
}

async function run({ size, unitMs, handle }: JobMessage): Promise<JobReport['outcome']> {
  try {
    using ringer = Ringer.open(handle);
    for (let unit = 0; unit < size; unit++) {
      await doUnit(unitMs);
      ringer.ring();
    }
    return 'finished';
  } catch (error) {
    if (error instanceof DoorbellClosedError) return 'cancelled';
    throw error;
  }
}

port.on('message', (job: JobMessage) => {
  void run(job).then((outcome) => port.postMessage({ id: job.id, outcome } satisfies JobReport));
});
