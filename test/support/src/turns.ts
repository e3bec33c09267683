import { setImmediate } from 'node:timers/promises';

/** Lets the event loop go round `n` times, so any wake-up already due has been delivered. */
export async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await setImmediate();
}
