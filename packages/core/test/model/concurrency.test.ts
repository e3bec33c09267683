import fc from 'fast-check';
import { setImmediate } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFds } from '@doorbell/test-support';
import { Doorbell, Ringer } from '../../src/index.js';
import { WorkerClient } from '../helpers/WorkerClient.js';

const RUNS = Number(process.env.DOORBELL_CONCURRENT_RUNS ?? 40);
const RINGING_WORKERS = 3;

// Mostly 1s (the coalesced path), some medium counts, a few big ones (the exact path).
const count = fc.oneof(
  { weight: 8, arbitrary: fc.constant(1) },
  { weight: 3, arbitrary: fc.integer({ min: 2, max: 100_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2 ** 27, max: 2 ** 40 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 2n ** 40n }) },
);
const ringList = fc.array(count, { minLength: 0, maxLength: 3000 });
const sum = (counts: ReadonlyArray<number | bigint>) => counts.reduce<bigint>((total, n) => total + BigInt(n), 0n);

describe.each(['eventfd', 'pipe'] as const)('conservation under concurrency (%s)', (backend) => {
  let ringers: WorkerClient[] = [];
  let drainer: WorkerClient;
  beforeAll(async () => {
    ringers = Array.from({ length: RINGING_WORKERS }, () => new WorkerClient());
    drainer = new WorkerClient();
    await Promise.all([...ringers, drainer].map((worker) => worker.request({ op: 'ping' })));
  });
  afterAll(async () => {
    await Promise.all([...ringers, drainer].map((worker) => worker.stop()));
  });

  it(`ringers in several workers, raw fd writes and competing receivers lose, duplicate and invent nothing (${RUNS} runs)`, async () => {
    const fdsBefore = openFds();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(ringList, { minLength: RINGING_WORKERS, maxLength: RINGING_WORKERS }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 50 }),
        fc.boolean(),
        async (workerRings, rawRings, watchOnMain) => {
          const key = `run${run++}`;
          const bell = Doorbell.create({ backend });
          const flag = new SharedArrayBuffer(4);
          let delivered = 0n;
          const unwatch = watchOnMain
            ? bell.watch(
                (n) => {
                  delivered += n;
                },
                { bigint: true },
              )
            : () => {};
          try {
            await Promise.all(
              ringers.map((worker) => worker.request({ op: 'openRinger', key, handle: bell.handle() })),
            );
            await drainer.request({ op: 'openReceiver', key, handle: bell.handle() });
            const drained = drainer.request({ op: 'drainWhile', key, flag });
            const rang = Promise.all(
              ringers.map((worker, i) => worker.request({ op: 'ringEach', key, counts: workerRings[i] })),
            );
            const raw = Ringer.fromFd(bell.writeFd);
            for (const n of rawRings) {
              raw.ring(n);
              delivered += bell.drain({ bigint: true });
              await setImmediate();
            }
            for (const reply of await rang) expect(reply).toMatchObject({ ok: true });
            Atomics.store(new Int32Array(flag), 0, 1);
            const drainedReply = await drained;
            expect(drainedReply.ok).toBe(true);
            delivered += (drainedReply as { value: bigint }).value + bell.drain({ bigint: true });
            expect(delivered).toBe(sum(workerRings.flat()) + sum(rawRings));
          } finally {
            unwatch();
            await drainer.request({ op: 'closeReceiver', key });
            await Promise.all(ringers.map((worker) => worker.request({ op: 'closeRinger', key })));
            bell.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(openFds()).toBe(fdsBefore);
  });
});
