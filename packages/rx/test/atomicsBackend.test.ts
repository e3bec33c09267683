// The rx operators over 'atomics' doorbells (no kernel object; the default where the addon cannot
// load), as over eventfd ones: counts rung from worker threads arrive exactly, and streams complete
// when the doorbells end.
import { firstValueFrom, lastValueFrom, map, range, reduce, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Doorbell } from '@doorbell/core';
import { coalesce, fanIn, fromDoorbell, ringOn } from '../src/index.js';
import { startWorker } from './helpers/workers.js';

const atomics = () => Doorbell.create({ backend: 'atomics' });

describe("the rx operators over 'atomics' doorbells", () => {
  it('fromDoorbell: a worker’s rings sum exactly, and the stream completes on end()', async () => {
    const bell = atomics();
    const total = lastValueFrom(fromDoorbell(bell).pipe(reduce((sum, n) => sum + n, 0)));
    const worker = startWorker('ringWorker.mjs', {
      handles: [bell.handle()],
      plan: [{ bell: 0, n: 3, times: 20_000 }],
    });
    expect((await worker.exited).code).toBe(0);
    await bell.end();
    expect(await total).toBe(60_000);
  });

  it('fanIn tags every count with its source, sums are exact, and it completes once every source has ended', async () => {
    const a = atomics();
    const b = atomics();
    const sums = lastValueFrom(
      fanIn({ a, b }).pipe(
        reduce((acc, { source, count }) => ({ ...acc, [source]: acc[source] + count }), { a: 0, b: 0 }),
      ),
    );
    const plan = [
      { bell: 0, n: 1, times: 10_000 },
      { bell: 1, n: 2, times: 5_000 },
    ];
    const workers = [0, 1].map(() => startWorker('ringWorker.mjs', { handles: [a.handle(), b.handle()], plan }));
    for (const worker of workers) expect((await worker.exited).code).toBe(0);
    await Promise.all([a.end(), b.end()]);
    expect(await sums).toEqual({ a: 20_000, b: 20_000 });
  });

  it('coalesce sums several doorbells into fewer emissions, exactly, passing completion through', async () => {
    const bells = [atomics(), atomics()];
    const emitted = lastValueFrom(
      fanIn(bells).pipe(
        map(({ count }) => count),
        coalesce(),
        toArray(),
      ),
    );
    const worker = startWorker('ringWorker.mjs', {
      handles: bells.map((bell) => bell.handle()),
      plan: [
        { bell: 0, n: 1, times: 3_000 },
        { bell: 1, n: 1, times: 3_000 },
      ],
    });
    expect((await worker.exited).code).toBe(0);
    await Promise.all(bells.map((bell) => bell.end()));
    const sums = await emitted;
    expect(sums.reduce((total, n) => total + n, 0)).toBe(6_000);
    expect(sums.length).toBeLessThan(6_000);
  });

  it('ringOn rings an atomics doorbell once per value and stops a synchronous source', async () => {
    using bell = atomics();
    const first = firstValueFrom(fromDoorbell(bell));
    await lastValueFrom(range(1, Number.POSITIVE_INFINITY).pipe(ringOn(bell), take(3)));
    expect(await first).toBe(3);
  });
});
