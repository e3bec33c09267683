// The worker: rings the doorbell as fast as it can for a while, then reports how many times it rang.
import { parentPort, workerData } from 'node:worker_threads';
import { type DoorbellHandle, Ringer } from '@doorbell/core';

export interface RingerData {
  readonly handle: DoorbellHandle;
  readonly seconds: number;
}

// Reading the clock costs more than a ring, so look at it only once per batch.
const RINGS_PER_CLOCK_CHECK = 4096;

const { handle, seconds } = workerData as RingerData;
const ringer = Ringer.open(handle);
const deadline = performance.now() + seconds * 1000;
let rang = 0;
do {
  for (let i = 0; i < RINGS_PER_CLOCK_CHECK; i++) ringer.ring();
  rang += RINGS_PER_CLOCK_CHECK;
} while (performance.now() < deadline);
ringer.close();

parentPort?.postMessage(rang);
