// Issue 16 item 6: a count too big for number mode is taken natively and must go back. With the
// take and the put-back in two calls (as before), a worker.terminate() between them lost it (a
// pending 2^60 lost in 6 of 40 terminations). Now the put-back is made inside the take's own
// native call (drain) or by the delivery's native call (watch): the count is never lost.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Doorbell } from '../src/index.js';

const BIG = 2n ** 60n;
const ROUNDS = Number(process.env.DOORBELL_TERMINATE_ROUNDS ?? 40);
const fixture = new URL('./fixtures/unsafeCountLoop.mjs', import.meta.url);

describe.each(['eventfd', 'pipe'] as const)(
  'a worker terminated while it takes a count too big for number mode (%s)',
  (backend) => {
    it.each(['drain', 'watch'] as const)(`never loses the count, through %s (${ROUNDS} terminations)`, async (mode) => {
      using bell = Doorbell.create({ backend });
      bell.ring(BIG);
      for (let round = 0; round < ROUNDS; round++) {
        const worker = new Worker(fixture, { workerData: { handle: bell.handle(), mode } });
        worker.on('error', () => {});
        await once(worker, 'message');
        await sleep(Math.random() * 3);
        await worker.terminate();
        expect(bell.drain({ bigint: true })).toBe(BIG);
        bell.ring(BIG);
      }
    });
  },
);
