// Contract point 12 under concurrency: end() at a random moment while workers ring flat out,
// raw writers have written, and a competing receiver in a worker watches or drains. Every ring
// that returned is delivered exactly once, by this thread or by the competing receiver; every
// ring that did not return threw DoorbellClosedError.
import fc from 'fast-check';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFds } from '@doorbell/test-support';
import { Doorbell } from '../../src/index.js';
import type { Reply } from '../helpers/WorkerClient.js';
import { WorkerClient } from '../helpers/WorkerClient.js';

const RUNS = Number(process.env.DOORBELL_END_RUNS ?? 30);
const RINGING_WORKERS = 3;

const count = fc.oneof(
  { weight: 8, arbitrary: fc.constant(1) },
  { weight: 3, arbitrary: fc.integer({ min: 2, max: 1000 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 2n ** 40n }) },
);
const counts = fc.array(count, { minLength: 1, maxLength: 20 });
const rawCounts = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 });

function totalIn(reply: Reply): bigint {
  if (!reply.ok) throw new Error(`worker failed: ${reply.name}: ${reply.message}`);
  return reply.value as bigint;
}

async function whenSet(flag: SharedArrayBuffer): Promise<void> {
  while (Atomics.load(new Int32Array(flag), 0) === 0) await setImmediate();
}

describe.each(['eventfd', 'pipe', 'atomics'] as const)('end() at a random moment (%s)', (backend) => {
  const raw = backend !== 'atomics';
  let ringers: WorkerClient[] = [];
  let rawWriter: WorkerClient;
  let receiver: WorkerClient;
  beforeAll(async () => {
    ringers = Array.from({ length: RINGING_WORKERS }, () => new WorkerClient());
    rawWriter = new WorkerClient();
    receiver = new WorkerClient();
    await Promise.all([...ringers, rawWriter, receiver].map((worker) => worker.request({ op: 'ping' })));
  });
  afterAll(async () => {
    await Promise.all([...ringers, rawWriter, receiver].map((worker) => worker.stop()));
  });

  it(`delivers exactly the rings that returned, between this thread and a competing receiver (${RUNS} runs)`, async () => {
    const fdsBefore = openFds();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(counts, { minLength: RINGING_WORKERS, maxLength: RINGING_WORKERS }),
        rawCounts,
        fc.constantFrom('watch' as const, 'drain' as const, 'none' as const),
        fc.constantFrom('watch' as const, 'counts' as const),
        fc.integer({ min: 0, max: 20 }),
        async (ringerCounts, rawRings, competitor, consumer, endAfterMs) => {
          const key = `run${run++}`;
          const bell = Doorbell.create({ backend });
          const handle = bell.handle();
          const stopRaw = new SharedArrayBuffer(4);
          let rawDone: Promise<Reply> = Promise.resolve({ ok: true, value: 0n });
          let here = 0n;
          let consumed: Promise<void> = Promise.resolve();
          try {
            if (consumer === 'watch') {
              bell.watch(
                (n) => {
                  here += n;
                },
                { bigint: true },
              );
            } else {
              consumed = (async () => {
                for await (const n of bell.counts({ bigint: true })) {
                  here += n;
                  await setImmediate(); // a body that takes a turn: end() may come meanwhile
                }
              })();
            }
            let there: Promise<Reply> = Promise.resolve({ ok: true, value: 0n });
            if (competitor === 'watch') {
              there = receiver.request({ op: 'watchUntilClosed', key, handle });
              await receiver.request({ op: 'ping' }); // its watch is on
            } else if (competitor === 'drain') {
              const started = new SharedArrayBuffer(4);
              there = receiver.request({ op: 'drainUntilClosed', key, handle, started });
              await whenSet(started);
            }
            for (const ringer of ringers) await ringer.request({ op: 'openRinger', key, handle });
            const started = ringers.map(() => new SharedArrayBuffer(4));
            const rang = ringers.map((ringer, i) =>
              ringer.request({ op: 'ringCountsUntilClosed', key, counts: ringerCounts[i], started: started[i] }),
            );
            if (raw)
              rawDone = rawWriter.request({
                op: 'rawRingUntilStopped',
                fd: bell.writeFd,
                counts: rawRings,
                stop: stopRaw,
              });
            await Promise.all(started.map(whenSet));
            await sleep(endAfterMs);
            // A raw writer cannot be revoked: it stops, and its rings have returned, before end().
            Atomics.store(new Int32Array(stopRaw), 0, 1);
            const rawSum = totalIn(await rawDone);
            await bell.end();
            expect(bell.closed).toBe(true);
            let rung = rawSum;
            for (const reply of await Promise.all(rang)) rung += totalIn(reply);
            await consumed;
            const theirs = totalIn(await there);
            expect({ delivered: here + theirs, here, theirs }).toMatchObject({ delivered: rung });
          } finally {
            Atomics.store(new Int32Array(stopRaw), 0, 1);
            await rawDone;
            await receiver.request({ op: 'closeReceiver', key });
            await Promise.all(ringers.map((ringer) => ringer.request({ op: 'closeRinger', key })));
            bell.close();
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(openFds()).toBe(fdsBefore);
  });
});
