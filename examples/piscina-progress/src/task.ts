// A piscina task: does `units` units of (pretend) work and rings the task's doorbell once per unit.
// When the task is cancelled its doorbell is closed, so the next ring throws DoorbellClosedError
// and the task stops there: cancellation crosses the thread boundary with the progress itself.
import { setTimeout as sleep } from 'node:timers/promises';
import { type DoorbellHandle, Ringer } from '@doorbell/core';

export interface TaskInput {
  readonly progress: DoorbellHandle;
  readonly units: number;
  readonly unitMs: number;
}

export default async function task({ progress, units, unitMs }: TaskInput): Promise<number> {
  using ringer = Ringer.open(progress);
  for (let unit = 0; unit < units; unit++) {
    await sleep(unitMs); // stands in for real work
    ringer.ring();
  }
  return units;
}
