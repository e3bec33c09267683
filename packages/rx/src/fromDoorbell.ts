import { DoorbellReceiver, type WatchOptions } from '@doorbell/core';
import { Observable } from 'rxjs';
import { describe, validateOptionalBoolean, validateOptions } from './internal/validate.js';

/**
 * Options of {@link fromDoorbell}: `bigint` and `ref`, as {@link WatchOptions} of `@doorbell/core`
 * defines them (emit counts as bigint, default false; keep the process alive, default true).
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { fromDoorbell, type FromDoorbellOptions } from '@doorbell/rx';
 *
 * const options = { bigint: true, ref: false } satisfies FromDoorbellOptions;
 * const bell = Doorbell.create();
 * fromDoorbell(bell, options).subscribe((count: bigint) => console.log(`${count} rings`));
 * ```
 */
export interface FromDoorbellOptions extends Pick<WatchOptions, 'bigint' | 'ref'> {}

/**
 * An Observable of a doorbell's coalesced drain counts (each ≥ 1), emitted on the receiver's
 * thread. Use it to turn rings from worker threads, child processes or the kernel into a stream.
 *
 * Multicast over one native watch: every subscriber sees every count emitted while it is
 * subscribed; counts rung while nobody is subscribed stay pending for the next subscriber.
 * Completes when the doorbell is closed, or ended (`end()` delivers every count rung before, then
 * it completes); at once if it already is, or if another thread closes it while this subscribes.
 * A count above Number.MAX_SAFE_INTEGER errors with RangeError (and stays pending) unless
 * `bigint: true`.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { fromDoorbell } from '@doorbell/rx';
 *
 * const bell = Doorbell.create();
 * fromDoorbell(bell).subscribe({
 *   next: (count) => console.log(`${count} rings`),
 *   complete: () => console.log('done'),
 * });
 * bell.ring(3);
 * await bell.end(); // prints '3 rings', then 'done'
 * ```
 * @param source the doorbell to drain
 * @param options `bigint`, `ref`
 * @throws TypeError (synchronously) for a source that is not a Doorbell or bad options
 */
export function fromDoorbell(
  source: DoorbellReceiver,
  options?: FromDoorbellOptions & { bigint?: false },
): Observable<number>;
export function fromDoorbell(
  source: DoorbellReceiver,
  options: FromDoorbellOptions & { bigint: true },
): Observable<bigint>;
export function fromDoorbell(source: DoorbellReceiver, options?: FromDoorbellOptions): Observable<number | bigint>;
export function fromDoorbell(source: DoorbellReceiver, options?: FromDoorbellOptions): Observable<number | bigint> {
  if (!(source instanceof DoorbellReceiver)) {
    throw new TypeError(`fromDoorbell(source): source must be a Doorbell; got ${describe(source)}`);
  }
  const raw = validateOptions(options, 'fromDoorbell(source, options): options');
  const bigint = validateOptionalBoolean(raw.bigint, 'fromDoorbell(source, options): options.bigint') ?? false;
  const ref = validateOptionalBoolean(raw.ref, 'fromDoorbell(source, options): options.ref') ?? true;

  return new Observable<number | bigint>((subscriber) => {
    try {
      return source.watch((count: number | bigint) => subscriber.next(count), {
        bigint,
        ref,
        onClose: () => subscriber.complete(),
        onError: (error) => subscriber.error(error),
      });
    } catch (error) {
      // Closed already, or by another thread while this subscribed: the stream has ended.
      if (!source.closed) throw error;
      subscriber.complete();
      return undefined;
    }
  });
}
