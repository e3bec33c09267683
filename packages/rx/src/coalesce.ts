import {
  asapScheduler,
  ignoreElements,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
  tap,
} from 'rxjs';
import { describe } from './internal/validate.js';

/**
 * What {@link coalesce} emits for a source of `T`: bigint sums for bigint counts, numbers otherwise.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { coalesce, type CoalescedSum, fromDoorbell } from '@doorbell/rx';
 * import type { Observable } from 'rxjs';
 *
 * const bell = Doorbell.create();
 * const sums: Observable<CoalescedSum<bigint>> = fromDoorbell(bell, { bigint: true }).pipe(coalesce());
 * sums.subscribe((sum: bigint) => console.log(`${sum} rings this tick`));
 * ```
 */
export type CoalescedSum<T extends number | bigint> = T extends bigint ? bigint : number;

/**
 * Sums the values that arrive within one scheduler tick into one emission: by default, everything
 * emitted before the next microtask (rxjs `asapScheduler`) becomes a single sum.
 *
 * Use it downstream of {@link fanIn} or several {@link fromDoorbell}s (merged, or mapped to one
 * count) when a consumer wants one wake-up per turn of the event loop however many doorbells rang,
 * the way one doorbell coalesces its own rings. Conservation holds: the emitted sums add up to
 * exactly what the source emitted.
 *
 * - A sum is emitted only if something arrived in the tick: never 0 from an empty tick.
 * - On complete, a pending sum is emitted first, then complete.
 * - On error, a pending sum is emitted first (it was counted: dropping it would lose rings), then
 *   the error.
 * - Unsubscribing cancels the scheduled flush; a sum still pending then is dropped, as values in
 *   flight are with any operator.
 * - Number sums are never rounded: if adding a value would carry a sum of safe integers past
 *   Number.MAX_SAFE_INTEGER, the pending sum is emitted at once and the value starts the next sum
 *   (bigint counts, with `{ bigint: true }`, never split).
 * - A value that is not a number or a bigint, or a bigint in a number stream (or the other way
 *   round), errors with TypeError, after the pending sum is emitted.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { coalesce, fromDoorbell } from '@doorbell/rx';
 * import { merge } from 'rxjs';
 *
 * const bells = [Doorbell.create(), Doorbell.create()];
 * merge(...bells.map((bell) => fromDoorbell(bell)))
 *   .pipe(coalesce())
 *   .subscribe((total) => console.log(`${total} rings in this turn, from any doorbell`));
 * ```
 * @see fanIn
 * @param scheduler when a tick ends: the sum is flushed by an action scheduled on it (with no
 * delay) when the first value of the tick arrives. Default `asapScheduler` (a microtask); pass
 * `asyncScheduler` to coalesce over a macrotask, or a `TestScheduler` in marble tests.
 * @returns an operator from an Observable of numbers (or of bigints) to one of their sums per tick
 * @throws TypeError (synchronously) naming `scheduler` if it is not an rxjs SchedulerLike
 */
export function coalesce<T extends number | bigint>(scheduler?: SchedulerLike): OperatorFunction<T, CoalescedSum<T>> {
  if (
    scheduler !== undefined &&
    (typeof scheduler !== 'object' ||
      scheduler === null ||
      typeof (scheduler as Partial<SchedulerLike>).schedule !== 'function')
  ) {
    throw new TypeError(`coalesce(scheduler): scheduler must be an rxjs SchedulerLike; got ${describe(scheduler)}`);
  }
  const tick = scheduler ?? asapScheduler;

  return (source) =>
    new Observable<CoalescedSum<T>>((subscriber) => {
      let pending: number | bigint | undefined;
      let flushScheduled = false;
      let flushing: Subscription | undefined;

      const emit = () => {
        const sum = pending;
        pending = undefined;
        if (sum !== undefined) subscriber.next(sum as CoalescedSum<T>);
      };
      const endTick = () => {
        flushScheduled = false;
        flushing = undefined;
        emit();
      };
      const flushNow = () => {
        flushing?.unsubscribe();
        endTick();
      };
      const scheduleFlush = () => {
        if (flushScheduled) return;
        flushScheduled = true;
        // A scheduler may run the action before schedule() returns (queueScheduler does).
        const action = tick.schedule(endTick);
        if (flushScheduled) flushing = action;
      };
      const typeError = (message: string) => {
        flushNow(); // what is pending was counted: it goes before the error
        return new TypeError(`coalesce: ${message}`);
      };
      const add = (value: number | bigint) => {
        if (pending === undefined) {
          if (typeof value !== 'number' && typeof value !== 'bigint') {
            throw typeError(`values must be numbers or bigints; got ${describe(value)}`);
          }
          pending = value;
        } else if (typeof pending === 'bigint') {
          if (typeof value !== 'bigint') throw typeError(`a bigint stream cannot sum ${describe(value)}`);
          pending += value;
        } else {
          if (typeof value !== 'number') throw typeError(`a number stream cannot sum ${describe(value)}`);
          if (Number.isSafeInteger(pending) && Number.isSafeInteger(value) && !Number.isSafeInteger(pending + value)) {
            emit(); // never round: what is pending goes now, this value starts the next sum
            if (subscriber.closed) return;
            pending = value;
          } else {
            pending += value;
          }
        }
        scheduleFlush();
      };

      subscriber.add(() => {
        flushing?.unsubscribe();
        pending = undefined;
      });
      // Sums leave through `subscriber` directly (at the end of a tick, or early rather than be
      // rounded); the pipeline carries the source's lifecycle. Subscribing it with `subscriber`
      // chains the two, so a synchronous source stops as soon as downstream unsubscribes or this
      // errors (a throw in tap's next becomes an error and unsubscribes the source).
      source.pipe(tap({ next: add, error: flushNow, complete: flushNow }), ignoreElements()).subscribe(subscriber);
    });
}
