import { Doorbell, DoorbellClosedError, Ringer } from '@doorbell/core';
import {
  firstValueFrom,
  last,
  lastValueFrom,
  map,
  type Observable,
  of,
  range,
  reduce,
  scan,
  Subject,
  take,
  takeWhile,
  tap,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { fromDoorbell, ringOn } from '../src/index.js';
import { startWorker } from './helpers/workers.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('ringOn', () => {
  it('rings the target once per value, before passing the value on unchanged', () => {
    using bell = Doorbell.create();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const values = { a: 'first', b: 'second', c: 'third' };
      const source = cold(' a-b--c|', values);
      const expected = '    x-y--z|';
      // What is pending when each value arrives downstream: its own ring, already made.
      const seen = source.pipe(
        ringOn(bell),
        map((value) => ({ value, pending: bell.drain() })),
      );
      expectObservable(seen).toBe(expected, {
        x: { value: 'first', pending: 1 },
        y: { value: 'second', pending: 1 },
        z: { value: 'third', pending: 1 },
      });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
    expect(bell.drain()).toBe(0);
  });

  it('rings countOf(value), a number or a bigint', () => {
    using bell = Doorbell.create();
    using ringer = Ringer.open(bell.handle());
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: { units: 3 }, b: { units: 40n }, c: { units: 2 } };
      const source = cold('a(bc)|', values);
      expectObservable(source.pipe(ringOn(ringer, (job) => job.units))).toBe('a(bc)|', values);
    });
    expect(bell.drain()).toBe(45);
  });

  it('passes the very same value on', async () => {
    using bell = Doorbell.create();
    const job = { id: 1 };
    expect(await firstValueFrom(of(job).pipe(ringOn(bell)))).toBe(job);
    expect(bell.drain()).toBe(1);
  });

  it('passes errors and completion from the source on', () => {
    using bell = Doorbell.create();
    testScheduler().run(({ cold, expectObservable }) => {
      const failure = new Error('upstream failed');
      expectObservable(cold('-a-#', { a: 1 }, failure).pipe(ringOn(bell))).toBe('-a-#', { a: 1 }, failure);
      expectObservable(cold('-a-b|', { a: 1, b: 2 }).pipe(ringOn(bell))).toBe('-a-b|', { a: 1, b: 2 });
    });
    expect(bell.drain()).toBe(3);
  });

  it('completes once every value is rung: ending the doorbell then delivers them all', async () => {
    const bell = Doorbell.create();
    const delivered = lastValueFrom(fromDoorbell(bell).pipe(reduce((sum, count) => sum + count, 0)));
    const events: string[] = [];
    range(1, 100)
      .pipe(ringOn(bell, (n) => n))
      .subscribe({ complete: () => events.push('complete') });
    expect(events).toEqual(['complete']);
    await bell.end();
    expect(await delivered).toBe(5050);
  });

  it('sends a RangeError from a bad count down the pipeline instead of the value, and unsubscribes the source', () => {
    using bell = Doorbell.create();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' a-b-c|', { a: 2, b: 0, c: 5 });
      const expected = '    a-#';
      expectObservable(source.pipe(ringOn(bell, (n) => n))).toBe(expected, { a: 2 }, expect.any(RangeError));
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
    expect(bell.drain()).toBe(2); // the failed ring added nothing, and c was never rung
  });

  it('fails for a count that is not a number or a bigint, undefined included, as for any bad count', () => {
    using bell = Doorbell.create();
    for (const count of [undefined, null, '2', {}]) {
      testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold(' a-b|', { a: 'x', b: 'y' });
        const expected = '    #';
        const error = expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(/countOf/) });
        expectObservable(source.pipe(ringOn(bell, () => count as never))).toBe(expected, undefined, error);
        expectSubscriptions(source.subscriptions).toBe('(^!)');
      });
    }
    expect(bell.drain()).toBe(0);
  });

  it('sends an error thrown by countOf down the pipeline', () => {
    using bell = Doorbell.create();
    const failure = new Error('cannot count this');
    testScheduler().run(({ cold, expectObservable }) => {
      const countOf = (n: number) => {
        if (n > 1) throw failure;
        return n;
      };
      expectObservable(cold('ab-c|', { a: 1, b: 2, c: 1 }).pipe(ringOn(bell, countOf))).toBe('a#', { a: 1 }, failure);
    });
    expect(bell.drain()).toBe(1);
  });

  it('errors with DoorbellClosedError once the ringer is closed, without passing the value on', () => {
    using bell = Doorbell.create();
    const ringer = Ringer.open(bell.handle());
    const values = new Subject<number>();
    const next = vi.fn();
    const error = vi.fn();
    values.pipe(ringOn(ringer)).subscribe({ next, error });
    values.next(1);
    ringer.close();
    values.next(2);
    expect(next.mock.calls).toEqual([[1]]);
    expect(error).toHaveBeenCalledExactlyOnceWith(expect.any(DoorbellClosedError));
    expect(values.observed).toBe(false);
    expect(bell.drain()).toBe(1);
  });

  it('errors with DoorbellClosedError once the doorbell is closed', async () => {
    const bell = Doorbell.create();
    const values = new Subject<number>();
    const result = firstValueFrom(values.pipe(ringOn(bell), last()));
    bell.close();
    values.next(1);
    await expect(result).rejects.toThrow(DoorbellClosedError);
  });

  it('stops a synchronous source as soon as downstream has had enough', () => {
    using bell = Doorbell.create();
    let pulled = 0;
    const passed: number[] = [];
    // The source loops until its subscriber is closed: with range(1, Infinity) this must return too.
    range(1, 100_000)
      .pipe(
        tap(() => pulled++),
        ringOn(bell),
        take(3),
      )
      .subscribe((value) => passed.push(value));
    expect(passed).toEqual([1, 2, 3]);
    expect(pulled).toBe(3);
    expect(bell.drain()).toBe(3);
  });

  it('stops a synchronous source when a ring fails', () => {
    using bell = Doorbell.create();
    let pulled = 0;
    const error = vi.fn();
    range(1, 100_000)
      .pipe(
        tap(() => pulled++),
        ringOn(bell, (n) => (n === 2 ? 0 : n)),
      )
      .subscribe({ error });
    expect(error).toHaveBeenCalledExactlyOnceWith(expect.any(RangeError));
    expect(pulled).toBe(2);
    expect(bell.drain()).toBe(1);
  });

  it('stops ringing when unsubscribed', () => {
    using bell = Doorbell.create();
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' a-b-c-d|', { a: 1, b: 1, c: 1, d: 1 });
      expectObservable(source.pipe(ringOn(bell)), '^--!').toBe('a-b', { a: 1, b: 1 });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
    expect(bell.drain()).toBe(2);
  });

  it('drives fromDoorbell on another thread: a pipeline in a worker, counts summed on the main thread', async () => {
    using bell = Doorbell.create();
    const values = 2000;
    const expected = (values * (values + 1)) / 2;
    const received = firstValueFrom(
      fromDoorbell(bell).pipe(
        scan((sum, count) => sum + count, 0),
        takeWhile((sum) => sum < expected, true),
        last(),
      ),
    );
    const worker = startWorker('ringOnWorker.mjs', { handle: bell.handle(), mode: 'range', values });
    try {
      expect(await worker.exited).toEqual({ code: 0, messages: [{ passed: values, sum: expected, completed: true }] });
      expect(await received).toBe(expected);
    } finally {
      await worker.stop();
    }
    expect(bell.drain()).toBe(0); // nothing more than was passed on was rung
  });

  it("in a worker, errors down the worker's pipeline when the main thread closes the doorbell", async () => {
    const bell = Doorbell.create();
    let delivered = 0;
    const complete = vi.fn();
    fromDoorbell(bell).subscribe({ next: (count) => (delivered += count), complete });
    const worker = startWorker('ringOnWorker.mjs', { handle: bell.handle(), mode: 'untilError' });
    try {
      await vi.waitFor(() => expect(worker.messages).toContainEqual({ started: true }));
      await vi.waitFor(() => expect(delivered).toBeGreaterThanOrEqual(3));
      bell.close();
      expect(complete).toHaveBeenCalledOnce();
      const { code, messages } = await worker.exited;
      expect(code).toBe(0);
      const [, report] = messages as [unknown, { passed: number; error: { name: string; code: string } }];
      expect(report.error).toEqual({ name: 'DoorbellClosedError', code: 'ERR_DOORBELL_CLOSED' });
      // Everything delivered was passed on in the worker; what was pending at close was dropped.
      expect(report.passed).toBeGreaterThanOrEqual(delivered);
    } finally {
      await worker.stop();
      bell.close();
    }
  });

  it('throws synchronously for a target that is not a Ringer or a Doorbell, or a countOf that is not a function', () => {
    using bell = Doorbell.create();
    const fake = { ring: () => undefined };
    for (const target of [undefined, null, 1, fake, bell.handle()]) {
      expect(() => ringOn(target as never)).toThrow(TypeError);
      expect(() => ringOn(target as never)).toThrow(/^ringOn\(target\): target must be a Ringer or a Doorbell/);
    }
    for (const countOf of [null, 1, 'n', {}]) {
      expect(() => ringOn(bell, countOf as never)).toThrow(TypeError);
      expect(() => ringOn(bell, countOf as never)).toThrow(/countOf must be a function/);
    }
  });
});

// These are checked by tsc (`pnpm check`, and `pnpm build` before `pnpm test`); at run time they do nothing.
describe('ringOn types', () => {
  it("passes the value type through and types countOf's argument", () => {
    using bell = Doorbell.create();
    const jobs = new Subject<{ units: number }>();
    expectTypeOf(jobs.pipe(ringOn(bell))).toEqualTypeOf<Observable<{ units: number }>>();
    expectTypeOf(jobs.pipe(ringOn(bell, (job) => job.units))).toEqualTypeOf<Observable<{ units: number }>>();
    // @ts-expect-error countOf returns a count
    jobs.pipe(ringOn(bell, (job) => String(job.units)));
  });
});
