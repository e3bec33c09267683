import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Doorbell } from '../src/index.js';
import { WorkerClient } from './helpers/WorkerClient.js';

describe.each(['eventfd', 'atomics'] as const)('semaphore doorbells: competing consumers (%s)', (backend) => {
  it('4 receivers in workers take 100,000 units rung from 2 other threads, every unit exactly once', async () => {
    const units = Number(process.env.DOORBELL_SEMAPHORE_UNITS ?? 100_000);
    const bell = Doorbell.create({ semaphore: true, backend });
    const taken = new SharedArrayBuffer(4 * 4);
    const tally = new Int32Array(taken);
    const receivers = [0, 1, 2, 3].map(
      (slot) =>
        new Worker(new URL('./fixtures/semaphoreReceiver.mjs', import.meta.url), {
          workerData: { handle: bell.handle(), taken, slot },
        }),
    );
    const ringers = [new WorkerClient(), new WorkerClient()];
    try {
      await Promise.all(receivers.map((worker) => once(worker, 'message')));
      await Promise.all(ringers.map((ringer) => ringer.request({ op: 'openRinger', key: 'q', handle: bell.handle() })));
      const replies = await Promise.all(
        ringers.map((ringer) => ringer.request({ op: 'ring', key: 'q', n: 1, times: units / 2 })),
      );
      expect(replies.every((reply) => reply.ok)).toBe(true);
      const total = () => tally.reduce((sum, n) => sum + n, 0);
      await expect.poll(total, { timeout: 60_000, interval: 50 }).toBe(units);
      expect(bell.drain()).toBe(0); // nothing left over, nothing taken twice
      const reports = receivers.map((worker) => once(worker, 'message'));
      bell.close();
      for (const [report] of await Promise.all(reports)) expect(report).toEqual({ notOne: 0 });
      expect(total()).toBe(units);
      console.log(`semaphore (${backend}): ${units} units taken as ${[...tally].join(' + ')} by 4 receivers`);
    } finally {
      bell.close();
      await Promise.all([...ringers.map((ringer) => ringer.stop()), ...receivers.map((worker) => worker.terminate())]);
    }
  });
});
