import { setImmediate } from 'node:timers/promises';

/** Lets the event loop go round `n` times, so any readable fd has had its chance to be seen. */
export async function loopTurns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await setImmediate();
}
