import { Doorbell } from '@doorbell/core';
import { firstValueFrom, lastValueFrom, type Observable, take, toArray } from 'rxjs';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { runPlainNode, turns } from '@doorbell/test-support';
import { fanIn, type FanInCount } from '../src/index.js';
import { startWorker } from './helpers/workers.js';

const byKey = (a: FanInCount, b: FanInCount) => String(a.source).localeCompare(String(b.source));

/** Sums what fanIn delivered, per source, exactly. */
function totalsOf(counts: readonly FanInCount<string | number, number | bigint>[]): Record<string, bigint> {
  const totals: Record<string, bigint> = {};
  for (const { source, count } of counts) totals[source] = (totals[source] ?? 0n) + BigInt(count);
  return totals;
}

describe('fanIn', () => {
  it('emits each coalesced count tagged with the record key of its doorbell', async () => {
    using a = Doorbell.create();
    using b = Doorbell.create();
    const counts = firstValueFrom(fanIn({ a, b }).pipe(take(2), toArray()));
    a.ring(2);
    a.ring(3);
    b.ring(7);
    expect((await counts).sort(byKey)).toEqual([
      { source: 'a', count: 5 },
      { source: 'b', count: 7 },
    ]);
  });

  it('tags counts with the array index of their doorbell', async () => {
    using first = Doorbell.create();
    using second = Doorbell.create();
    const counts = firstValueFrom(fanIn([first, second]).pipe(take(2), toArray()));
    second.ring(4);
    first.ring(1);
    expect((await counts).sort(byKey)).toEqual([
      { source: 0, count: 1 },
      { source: 1, count: 4 },
    ]);
  });

  it('tags every count rung from worker threads with the right source, and the sums are exact', async () => {
    // Each ring of `b` adds 2 and of `c` adds 5, so every coalesced count of `b` is even and of
    // `c` a multiple of 5; the totals differ per doorbell, so a count under the wrong key shows.
    const bells = { a: Doorbell.create(), b: Doorbell.create(), c: Doorbell.create() };
    const handles = [bells.a.handle(), bells.b.handle(), bells.c.handle()];
    const plan = [
      { bell: 0, n: 1, times: 2000 },
      { bell: 1, n: 2, times: 2000 },
      { bell: 2, n: 5, times: 2000 },
    ];
    const expected = { a: 3n * 2000n, b: 3n * 4000n, c: 3n * 10_000n };
    const seen: FanInCount<'a' | 'b' | 'c'>[] = [];
    const complete = vi.fn();
    const subscription = fanIn(bells).subscribe({ next: (count) => seen.push(count), complete });
    const workers = [0, 1, 2].map(() => startWorker('ringWorker.mjs', { handles, plan }));
    try {
      const results = await Promise.all(workers.map((worker) => worker.exited));
      expect(results).toEqual(workers.map(() => ({ code: 0, messages: [{ rings: 6000 }] })));
      await vi.waitFor(() => expect(totalsOf(seen)).toEqual(expected));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      for (const bell of Object.values(bells)) bell.close();
      subscription.unsubscribe();
    }
    expect(complete).toHaveBeenCalledOnce();
    expect(totalsOf(seen)).toEqual(expected);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(({ count }) => Number.isSafeInteger(count) && count >= 1)).toBe(true);
    expect(seen.filter(({ source }) => source === 'b').every(({ count }) => count % 2 === 0)).toBe(true);
    expect(seen.filter(({ source }) => source === 'c').every(({ count }) => count % 5 === 0)).toBe(true);
  });

  it('tags bigint counts rung from worker threads with the array index, and the sums are exact', async () => {
    const bells = [Doorbell.create(), Doorbell.create()];
    const handles = bells.map((bell) => bell.handle());
    const expected = { 0: 3n * 5000n + 5000n, 1: 7n * 5000n };
    const seen: FanInCount<number, bigint>[] = [];
    const complete = vi.fn();
    const subscription = fanIn(bells, { bigint: true }).subscribe({ next: (count) => seen.push(count), complete });
    const workers = [
      startWorker('ringWorker.mjs', { handles, plan: [{ bell: 0, n: 3, times: 5000 }] }),
      startWorker('ringWorker.mjs', {
        handles,
        plan: [
          { bell: 1, n: 7, times: 5000 },
          { bell: 0, n: 1, times: 5000 },
        ],
      }),
    ];
    try {
      const results = await Promise.all(workers.map((worker) => worker.exited));
      expect(results.map((result) => result.code)).toEqual([0, 0]);
      await vi.waitFor(() => expect(totalsOf(seen)).toEqual(expected));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      for (const bell of bells) bell.close();
      subscription.unsubscribe();
    }
    expect(complete).toHaveBeenCalledOnce();
    expect(totalsOf(seen)).toEqual(expected);
    expect(seen.every(({ count }) => typeof count === 'bigint' && count >= 1n)).toBe(true);
    expect(seen.filter(({ source }) => source === 1).every(({ count }) => count % 7n === 0n)).toBe(true);
  });

  it('completes only after every source has closed', async () => {
    const a = Doorbell.create();
    const b = Doorbell.create();
    const c = Doorbell.create();
    const events: string[] = [];
    fanIn({ a, b, c }).subscribe({
      next: ({ source, count }) => events.push(`${source} ${count}`),
      complete: () => events.push('complete'),
    });
    a.close();
    b.close();
    await turns();
    expect(events).toEqual([]);
    c.ring(2);
    await vi.waitFor(() => expect(events).toEqual(['c 2']));
    c.close();
    expect(events).toEqual(['c 2', 'complete']);
  });

  it('completes once every source has ended, with every count rung before delivered: no settle time', async () => {
    const bells = [Doorbell.create(), Doorbell.create(), Doorbell.create()];
    const values = 1000;
    const each = BigInt((values * (values + 1)) / 2);
    const seen: FanInCount<number>[] = [];
    const complete = vi.fn();
    fanIn(bells).subscribe({ next: (count) => seen.push(count), complete });
    const workers = bells.map((bell) =>
      startWorker('ringOnWorker.mjs', { handle: bell.handle(), mode: 'range', values }),
    );
    try {
      const results = await Promise.all(workers.map((worker) => worker.exited));
      expect(results).toEqual(
        workers.map(() => ({ code: 0, messages: [{ passed: values, sum: Number(each), completed: true }] })),
      );
      await bells[0]?.end();
      await bells[1]?.end();
      expect(complete).not.toHaveBeenCalled(); // one source is still open
      await bells[2]?.end();
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      for (const bell of bells) bell.close();
    }
    expect(complete).toHaveBeenCalledOnce();
    expect(totalsOf(seen)).toEqual({ 0: each, 1: each, 2: each });
  });

  it('completes when the creator closes doorbells this thread opened', async () => {
    const bell = Doorbell.create();
    const opened = Doorbell.open(bell.handle());
    const done = lastValueFrom(fanIn({ opened }).pipe(toArray()));
    bell.close();
    expect(await done).toEqual([]);
    expect(opened.closed).toBe(true);
  });

  it('completes at once for an empty record or array, and when every source is already closed', () => {
    const closed = Doorbell.create();
    closed.close();
    for (const sources of [{}, [], { closed }, [closed]]) {
      const events: string[] = [];
      fanIn(sources).subscribe({ next: () => events.push('next'), complete: () => events.push('complete') });
      expect(events).toEqual(['complete']);
    }
  });

  it('multicasts like fromDoorbell: every subscriber sees every count, and counts rung while nobody listens stay pending', async () => {
    using a = Doorbell.create();
    using b = Doorbell.create();
    const source = fanIn({ a, b });
    source.subscribe().unsubscribe();
    b.ring(3);
    await turns();
    const first = firstValueFrom(source);
    const second = firstValueFrom(source);
    expect(await first).toEqual({ source: 'b', count: 3 });
    expect(await second).toEqual({ source: 'b', count: 3 });
  });

  it('errors with RangeError for a count above Number.MAX_SAFE_INTEGER, leaving it pending, unless bigint: true', async () => {
    using a = Doorbell.create();
    using b = Doorbell.create();
    b.ring(2n ** 60n);
    await expect(firstValueFrom(fanIn({ a, b }))).rejects.toThrow(RangeError);
    expect(await firstValueFrom(fanIn({ a, b }, { bigint: true }))).toEqual({ source: 'b', count: 2n ** 60n });
  });

  it('stops watching every source once one errors', async () => {
    using a = Doorbell.create();
    using b = Doorbell.create();
    const seen: FanInCount[] = [];
    const error = vi.fn();
    fanIn({ a, b }).subscribe({ next: (count) => seen.push(count), error });
    b.ring(2n ** 60n);
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith(expect.any(RangeError)));
    a.ring(4);
    await turns();
    expect(seen).toEqual([]);
    expect(a.drain()).toBe(4); // still pending: nobody was watching a any more
  });

  it('reads the record once, at call time', async () => {
    using a = Doorbell.create();
    using b = Doorbell.create();
    const sources: Record<string, Doorbell> = { a };
    const merged = fanIn(sources);
    sources.b = b;
    const first = firstValueFrom(merged);
    b.ring(1);
    a.ring(2);
    expect(await first).toEqual({ source: 'a', count: 2 });
  });

  it('throws synchronously for bad arguments, naming them, not at subscribe time', () => {
    using a = Doorbell.create();
    using b = Doorbell.create();
    for (const sources of [undefined, null, 5, 'ab', new Map([['a', a]]), a]) {
      expect(() => fanIn(sources as never)).toThrow(TypeError);
      expect(() => fanIn(sources as never)).toThrow(/^fanIn\(sources\): sources must be an array or a plain object/);
    }
    expect(() => fanIn({ a, b: 'b' } as never)).toThrow(/sources\.b must be a Doorbell/);
    expect(() => fanIn({ a, 'not ok': {} } as never)).toThrow(/sources\["not ok"\] must be a Doorbell/);
    expect(() => fanIn([a, b, a.handle()] as never)).toThrow(/sources\[2\] must be a Doorbell/);
    // biome-ignore lint/suspicious/noSparseArray: the hole is what this checks
    expect(() => fanIn([a, , b] as never)).toThrow(/sources\[1\] must be a Doorbell/);
    expect(() => fanIn({ a, b, again: a })).toThrow(/sources\.again is the same Doorbell as sources\.a/);
    expect(() => fanIn({ a }, 5 as never)).toThrow(/options must be an object/);
    expect(() => fanIn({ a }, { bigint: 'yes' as never })).toThrow(/options\.bigint must be a boolean/);
    expect(() => fanIn([], { ref: 1 as never })).toThrow(/options\.ref must be a boolean/);
  });

  it('accepts two receivers of the same doorbell, which compete, so the sum stays exact', async () => {
    using bell = Doorbell.create();
    using opened = Doorbell.open(bell.handle());
    const seen: FanInCount[] = [];
    const subscription = fanIn({ bell, opened }).subscribe((count) => seen.push(count));
    for (let i = 0; i < 100; i++) bell.ring(1);
    await vi.waitFor(() => expect(seen.reduce((sum, { count }) => sum + count, 0)).toBe(100));
    await turns();
    expect(seen.reduce((sum, { count }) => sum + count, 0)).toBe(100);
    subscription.unsubscribe();
  });
});

describe('fanIn({ ref })', () => {
  const keepAlive = new URL('./fixtures/fanInKeepAlive.mjs', import.meta.url).pathname;

  it('ref: false lets the process exit on its own', async () => {
    const { code, stdout, stderr } = await runPlainNode([keepAlive, 'false']);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('subscribed\n');
  });

  it('the default keeps it alive until a doorbell rings', async () => {
    const { code, stdout, stderr } = await runPlainNode([keepAlive, 'true']);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('subscribed\ngot b 1\n');
  });
});

// These are checked by tsc (`pnpm check`, and `pnpm build` before `pnpm test`); at run time they do nothing.
describe('fanIn types', () => {
  it("emits the record's keys as source, numbers as count", () => {
    using bell = Doorbell.create();
    using other = Doorbell.create();
    expectTypeOf(fanIn({ jobs: bell })).toEqualTypeOf<
      Observable<{ readonly source: 'jobs'; readonly count: number }>
    >();
    expectTypeOf(fanIn({ jobs: bell, 7: other })).toEqualTypeOf<
      Observable<{ readonly source: 'jobs' | '7'; readonly count: number }>
    >();
    const loose: Record<string, Doorbell> = {};
    expectTypeOf(fanIn(loose)).toEqualTypeOf<Observable<{ readonly source: string; readonly count: number }>>();
    interface Bells {
      readonly jobs: Doorbell;
      readonly errors: Doorbell;
    }
    const bells: Bells = { jobs: bell, errors: other };
    expectTypeOf(fanIn(bells)).toEqualTypeOf<Observable<FanInCount<'jobs' | 'errors'>>>();
  });

  it('emits the array index as source', () => {
    using bell = Doorbell.create();
    expectTypeOf(fanIn([bell])).toEqualTypeOf<Observable<{ readonly source: number; readonly count: number }>>();
    expectTypeOf(fanIn([bell] as const, { ref: false })).toEqualTypeOf<
      Observable<{ readonly source: number; readonly count: number }>
    >();
  });

  it('emits bigint counts with { bigint: true }, and number | bigint when that is not known', () => {
    using bell = Doorbell.create();
    expectTypeOf(fanIn({ jobs: bell }, { bigint: true })).toEqualTypeOf<
      Observable<{ readonly source: 'jobs'; readonly count: bigint }>
    >();
    expectTypeOf(fanIn([bell], { bigint: true, ref: true })).toEqualTypeOf<
      Observable<{ readonly source: number; readonly count: bigint }>
    >();
    expectTypeOf(fanIn({ jobs: bell }, { bigint: false })).toEqualTypeOf<
      Observable<{ readonly source: 'jobs'; readonly count: number }>
    >();
    const options: { bigint: boolean } = { bigint: Math.random() > 2 };
    expectTypeOf(fanIn({ jobs: bell }, options)).toEqualTypeOf<
      Observable<{ readonly source: 'jobs'; readonly count: number | bigint }>
    >();
    expectTypeOf(fanIn([bell], options)).toEqualTypeOf<
      Observable<{ readonly source: number; readonly count: number | bigint }>
    >();
  });

  it('rejects what is not a Doorbell at compile time', () => {
    using bell = Doorbell.create();
    // @ts-expect-error a value that is not a Doorbell
    expect(() => fanIn({ jobs: bell, other: 3 })).toThrow(TypeError);
    // @ts-expect-error a Doorbell is not a record of them
    expect(() => fanIn(bell)).toThrow(TypeError);
    // @ts-expect-error a Map is not a record
    expect(() => fanIn(new Map([['jobs', bell]]))).toThrow(TypeError);
    // @ts-expect-error an array of handles
    expect(() => fanIn([bell.handle()])).toThrow(TypeError);
  });
});
