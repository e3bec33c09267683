import { Doorbell, DoorbellPair, Ringer } from '@doorbell/core';
import { type MonoTypeOperatorFunction, tap } from 'rxjs';
import { describe } from './internal/validate.js';

/**
 * Rings a doorbell for each value passing through, then passes the value on unchanged: with
 * count 1, or with `countOf(value)`.
 *
 * Use it at the end of a pipeline in one thread (a worker, say) to drive {@link fromDoorbell} or
 * {@link fanIn} in another: the receiving thread wakes once for everything rung since it last
 * looked, and the counts it gets sum to exactly the rings made here.
 *
 * The ring happens before the value is passed on, so anything downstream (and any thread) already
 * sees it counted. If the ring throws (DoorbellClosedError once the doorbell or the ringer is
 * closed, RangeError / TypeError for a bad count from `countOf`, DoorbellOverflowError) or
 * `countOf` throws, that value is not passed on: the error goes down the pipeline instead, and the
 * source is unsubscribed. A ring that throws adds nothing, so what was rung is exactly what was
 * passed on.
 *
 * @example
 * ```ts
 * // worker.mjs, started with new Worker(file, { workerData: bell.handle() });
 * // the main thread does fromDoorbell(bell).subscribe(...) and receives 5050 in all
 * import { workerData } from 'node:worker_threads';
 * import { Ringer } from '@doorbell/core';
 * import { ringOn } from '@doorbell/rx';
 * import { range } from 'rxjs';
 *
 * const ringer = Ringer.open(workerData);
 * range(1, 100)
 *   .pipe(ringOn(ringer, (n) => n))  // rings 1, 2, ..., 100
 *   .subscribe({ complete: () => ringer.close(), error: (error) => console.error(error) });
 * ```
 * @see fromDoorbell
 * @param target the doorbell to ring: a Ringer (any thread) or a Doorbell (its own thread)
 * @param countOf how much to ring for a value: a positive safe integer or a positive bigint up to
 * 2^64-2, as `ring(n)` takes. Anything else is a bad count: `undefined` too is a TypeError naming
 * `countOf(value)`, not a ring of 1. Default: 1 for every value.
 * @returns an operator that passes every value on unchanged, after ringing for it
 * @throws TypeError (synchronously) naming `target` if it is not a Ringer or a Doorbell, or
 * `countOf` if it is given and not a function
 */
export function ringOn<T>(
  target: Ringer | Doorbell | DoorbellPair,
  countOf?: (value: T) => number | bigint,
): MonoTypeOperatorFunction<T> {
  if (!(target instanceof Ringer) && !(target instanceof Doorbell) && !(target instanceof DoorbellPair)) {
    throw new TypeError(`ringOn(target): target must be a Ringer or a Doorbell; got ${describe(target)}`);
  }
  if (countOf !== undefined && typeof countOf !== 'function') {
    throw new TypeError(`ringOn(target, countOf): countOf must be a function; got ${describe(countOf)}`);
  }

  const count = countOf === undefined ? () => 1 : (value: T) => validateCount(countOf(value));
  // tap routes a throw to `error` instead of passing the value on, and unsubscribes the source.
  return tap((value) => target.ring(count(value)));
}

/**
 * What countOf returned, if it is a number or a bigint; ring(n) checks its range. (ring would
 * take `undefined` for its default, 1.)
 */
function validateCount(n: unknown): number | bigint {
  if (typeof n === 'number' || typeof n === 'bigint') return n;
  throw new TypeError(`ringOn(target, countOf): countOf(value) must return a number or a bigint; got ${describe(n)}`);
}
