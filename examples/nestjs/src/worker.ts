// A piscina task: one job, ringing the job's doorbell once per unit of work done. When the main
// thread closes that doorbell (the client went away), the next ring throws DoorbellClosedError:
// the job stops there and the worker is free for the next one.
import { setTimeout as sleep } from 'node:timers/promises';
import { DoorbellClosedError, type DoorbellHandle, Ringer } from '@doorbell/core';

export interface JobTask {
  /** The job's own doorbell: its stream reads it. */
  readonly handle: DoorbellHandle;
  /** The doorbell every job rings per unit: the DoorbellTransport delivers it to @EventPattern('units'). */
  readonly units: DoorbellHandle;
  readonly size: number;
  readonly unitMs: number;
}

/** How a job ended: every unit rung, or stopped by the closed doorbell after `rung` units. */
export type JobOutcome = { readonly state: 'finished' } | { readonly state: 'cancelled'; readonly rung: number };

export default async function runJob({ handle, units, size, unitMs }: JobTask): Promise<JobOutcome> {
  let rung = 0;
  try {
    using job = Ringer.open(handle); // throws too if the job was cancelled while queued
    using total = Ringer.open(units);
    for (; rung < size; rung++) {
      await sleep(unitMs); // one unit of work: a chunk of a file, a batch of rows, ...
      job.ring();
      total.ring();
    }
    return { state: 'finished' };
  } catch (error) {
    if (error instanceof DoorbellClosedError) return { state: 'cancelled', rung };
    throw error;
  }
}
