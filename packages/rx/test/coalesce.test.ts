import { Doorbell } from '@doorbell/core';
import {
  asyncScheduler,
  from,
  map,
  type Observable,
  queueScheduler,
  range,
  type SchedulerLike,
  Subject,
  Subscription,
  take,
  tap,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { turns } from '@doorbell/test-support';
import { coalesce, fanIn } from '../src/index.js';
import { startWorker } from './helpers/workers.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A scheduler that only records what is scheduled on it, and whether it was cancelled. */
function recordingScheduler() {
  const scheduled: Subscription[] = [];
  const scheduler: SchedulerLike = {
    now: () => 0,
    schedule: () => {
      const subscription = new Subscription();
      scheduled.push(subscription);
      return subscription;
    },
  };
  return { scheduler, scheduled };
}

describe('coalesce', () => {
  it('sums the values that arrive within one tick into one emission', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold(' (abc)-d--(ef)-|', { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 });
      const expected = '    x-----y--z----|';
      expectObservable(source.pipe(coalesce(scheduler))).toBe(expected, { x: 6, y: 4, z: 11 });
    });
  });

  it('emits values of different ticks separately, and nothing for a tick with no values', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold(' ab---c|', { a: 1, b: 2, c: 3 });
      const expected = '    ab---c|';
      expectObservable(source.pipe(coalesce(scheduler))).toBe(expected, { a: 1, b: 2, c: 3 });
    });
  });

  it('flushes a pending sum before it completes', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold(' -(ab|)', { a: 1, b: 2 });
      const expected = '    -(x|)';
      expectObservable(source.pipe(coalesce(scheduler))).toBe(expected, { x: 3 });
    });
  });

  it('flushes a pending sum before it passes an error on', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new Error('upstream failed');
      const source = cold(' a-(bc#)', { a: 1, b: 2, c: 3 }, failure);
      const expected = '    a-(x#)';
      expectObservable(source.pipe(coalesce(scheduler))).toBe(expected, { a: 1, x: 5 }, failure);
    });
  });

  it('sums bigints', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const big = 2n ** 63n;
      const source = cold(' (ab)c|', { a: big, b: big, c: 1n });
      const expected = '    x---y|';
      expectObservable(source.pipe(coalesce(scheduler))).toBe(expected, { x: 2n ** 64n, y: 1n });
    });
  });

  it('never rounds a number sum: it emits what is pending before passing Number.MAX_SAFE_INTEGER', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const max = Number.MAX_SAFE_INTEGER;
      const source = cold(' (abcd)|', { a: max - 2, b: 2, c: 1, d: 5 });
      const expected = '    (xy)--|';
      expectObservable(source.pipe(coalesce(scheduler))).toBe(expected, { x: max, y: 6 });
    });
  });

  it('errors with TypeError for a value that is not a number or a bigint, after flushing what is pending', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<unknown>('a-(bc)-d|', { a: 1, b: 2, c: 'three', d: 4 });
      expectObservable(source.pipe(coalesce(scheduler) as never)).toBe('a-(b#)', { a: 1, b: 2 }, expect.any(TypeError));
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
    const another = testScheduler();
    another.run(({ cold, expectObservable }) => {
      const mixed = cold<unknown>('(ab)', { a: 1n, b: 1 });
      expectObservable(mixed.pipe(coalesce(another) as never)).toBe('(x#)', { x: 1n }, expect.any(TypeError));
    });
  });

  it('stops pulling a synchronous source once it has errored', () => {
    let pulled = 0;
    const events: unknown[] = [];
    range(1, 100_000)
      .pipe(
        tap(() => pulled++),
        map((n) => (n === 3 ? 'three' : n)),
        coalesce() as never,
      )
      .subscribe({ next: (sum) => events.push(sum), error: (error) => events.push(error) });
    expect(events).toEqual([3, expect.any(TypeError)]);
    expect(pulled).toBe(3);
  });

  it('stops a synchronous source as soon as downstream has had enough', () => {
    const max = Number.MAX_SAFE_INTEGER;
    let pulled = 0;
    function* counts() {
      yield max - 2;
      yield 2;
      for (let i = 0; i < 100_000; i++) yield 1; // the first cannot join max: coalesce emits max at once
    }
    const sums: number[] = [];
    from(counts())
      .pipe(
        tap(() => pulled++),
        coalesce(),
        take(1),
      )
      .subscribe((sum) => sums.push(sum));
    expect(sums).toEqual([max]);
    expect(pulled).toBe(3);
  });

  it('keeps emitting with a scheduler that runs its action at once (queueScheduler)', () => {
    const values = new Subject<number>();
    const events: unknown[] = [];
    values.pipe(coalesce(queueScheduler)).subscribe({
      next: (sum) => events.push(sum),
      complete: () => events.push('complete'),
    });
    values.next(1); // outside a queueScheduler action, the flush runs at once: each value is its own tick
    values.next(2);
    queueScheduler.schedule(() => {
      values.next(3); // inside one, the flush is queued after it: one sum
      values.next(4);
    });
    values.next(5);
    values.complete();
    expect(events).toEqual([1, 2, 7, 5, 'complete']);
  });

  it('unsubscribes from the source when unsubscribed', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' a-b-c-d|', { a: 1, b: 2, c: 3, d: 4 });
      expectObservable(source.pipe(coalesce(scheduler)), '^--!').toBe('a-b', { a: 1, b: 2 });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('unsubscribing cancels the scheduled flush', () => {
    const { scheduler, scheduled } = recordingScheduler();
    const values = new Subject<number>();
    const next = vi.fn();
    const subscription = values.pipe(coalesce(scheduler)).subscribe(next);
    values.next(1);
    values.next(2);
    expect(scheduled).toHaveLength(1); // one flush per tick, however many values
    expect(scheduled[0]?.closed).toBe(false);
    subscription.unsubscribe();
    expect(scheduled[0]?.closed).toBe(true);
    expect(values.observed).toBe(false);
    expect(next).not.toHaveBeenCalled();
  });

  it('completing or erroring cancels the scheduled flush too (the sum was already emitted)', () => {
    for (const end of ['complete', 'error'] as const) {
      const { scheduler, scheduled } = recordingScheduler();
      const values = new Subject<number>();
      const events: unknown[] = [];
      values.pipe(coalesce(scheduler)).subscribe({
        next: (sum) => events.push(sum),
        complete: () => events.push('complete'),
        error: () => events.push('error'),
      });
      values.next(3);
      if (end === 'complete') values.complete();
      else values.error(new Error('failed'));
      expect(events).toEqual([3, end]);
      expect(scheduled[0]?.closed).toBe(true);
    }
  });

  it('passes completion through with its last sum, without waiting for the tick: a fanIn that ends', async () => {
    const { scheduler, scheduled } = recordingScheduler(); // its flushes never run
    const bells = [Doorbell.create(), Doorbell.create()];
    const events: unknown[] = [];
    fanIn(bells)
      .pipe(
        map(({ count }) => count),
        coalesce(scheduler),
      )
      .subscribe({ next: (sum) => events.push(sum), complete: () => events.push('complete') });
    bells[0]?.ring(2);
    bells[1]?.ring(3);
    await Promise.all(bells.map((bell) => bell.end()));
    expect(events).toEqual([5, 'complete']);
    expect(scheduled.every((flush) => flush.closed)).toBe(true);
  });

  it('coalesces over a microtask by default (asapScheduler)', async () => {
    const values = new Subject<number>();
    const sums: number[] = [];
    const subscription = values.pipe(coalesce()).subscribe((sum) => sums.push(sum));
    values.next(1);
    values.next(2);
    expect(sums).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    expect(sums).toEqual([3]);
    values.next(4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sums).toEqual([3, 4]);
    subscription.unsubscribe();
  });

  it('coalesces over a macrotask with asyncScheduler', async () => {
    const values = new Subject<number>();
    const sums: number[] = [];
    const subscription = values.pipe(coalesce(asyncScheduler)).subscribe((sum) => sums.push(sum));
    values.next(1);
    await Promise.resolve();
    values.next(2);
    await vi.waitFor(() => expect(sums).toEqual([3]));
    subscription.unsubscribe();
  });

  it('sums counts from several doorbells rung from worker threads into fewer emissions, exactly', async () => {
    const bells = [Doorbell.create(), Doorbell.create(), Doorbell.create()];
    const handles = bells.map((bell) => bell.handle());
    const plan = bells.map((_, bell) => ({ bell, n: bell + 1, times: 3000 }));
    const expected = 2 * 3000 * (1 + 2 + 3);
    const sums: number[] = [];
    let counts = 0;
    const complete = vi.fn();
    const subscription = fanIn(bells)
      .pipe(
        map(({ count }) => {
          counts++;
          return count;
        }),
        coalesce(),
      )
      .subscribe({ next: (sum) => sums.push(sum), complete });
    const workers = [0, 1].map(() => startWorker('ringWorker.mjs', { handles, plan }));
    try {
      const results = await Promise.all(workers.map((worker) => worker.exited));
      expect(results.map((result) => result.code)).toEqual([0, 0]);
      await vi.waitFor(() => expect(sums.reduce((a, b) => a + b, 0)).toBe(expected));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      for (const bell of bells) bell.close();
      subscription.unsubscribe();
    }
    await turns();
    expect(complete).toHaveBeenCalledOnce();
    expect(sums.reduce((a, b) => a + b, 0)).toBe(expected);
    expect(sums.every((sum) => sum >= 1)).toBe(true);
    expect(sums.length).toBeLessThanOrEqual(counts);
  });

  it('throws synchronously for a scheduler that is not one, naming it', () => {
    for (const scheduler of [null, 5, 'asap', {}, { schedule: 1 }]) {
      expect(() => coalesce(scheduler as never)).toThrow(TypeError);
      expect(() => coalesce(scheduler as never)).toThrow(/^coalesce\(scheduler\): scheduler must be/);
    }
  });
});

// These are checked by tsc (`pnpm check`, and `pnpm build` before `pnpm test`); at run time they do nothing.
describe('coalesce types', () => {
  it('sums numbers to numbers and bigints to bigints', () => {
    const numbers = new Subject<number>();
    const bigints = new Subject<bigint>();
    const either = new Subject<number | bigint>();
    const ones = new Subject<1>();
    expectTypeOf(numbers.pipe(coalesce())).toEqualTypeOf<Observable<number>>();
    expectTypeOf(bigints.pipe(coalesce())).toEqualTypeOf<Observable<bigint>>();
    expectTypeOf(either.pipe(coalesce())).toEqualTypeOf<Observable<number | bigint>>();
    expectTypeOf(ones.pipe(coalesce())).toEqualTypeOf<Observable<number>>(); // 1 + 1 is not 1
    // @ts-expect-error strings do not sum
    new Subject<string>().pipe(coalesce());
  });
});
