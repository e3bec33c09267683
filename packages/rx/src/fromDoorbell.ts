import { DoorbellReceiver } from '@doorbell/core';
import { Observable } from 'rxjs';

/**
 * Options of {@link fromDoorbell}.
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
export interface FromDoorbellOptions {
  /** Emit counts as bigint, so counts above Number.MAX_SAFE_INTEGER never error. Default false. */
  bigint?: boolean;
  /** Whether the subscription keeps the process alive. Default true. */
  ref?: boolean;
}

/**
 * An Observable of a doorbell's coalesced drain counts (each ≥ 1), emitted on the receiver's
 * thread. Use it to turn rings from worker threads, child processes or the kernel into a stream.
 *
 * Multicast over one native watch: every subscriber sees every count emitted while it is
 * subscribed; counts rung while nobody is subscribed stay pending for the next subscriber.
 * Completes when the doorbell is closed (at once if it already is). A count above
 * Number.MAX_SAFE_INTEGER errors with RangeError (and stays pending) unless `bigint: true`.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { fromDoorbell } from '@doorbell/rx';
 *
 * const bell = Doorbell.create();
 * fromDoorbell(bell).subscribe((count) => console.log(`${count} rings`));
 * bell.ring(3);
 * setTimeout(() => bell.close(), 10);
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
  if (!(source instanceof DoorbellReceiver)) throw new TypeError('fromDoorbell(source): source must be a Doorbell');
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new TypeError('fromDoorbell(source, options): options must be an object');
  }
  const bigint = booleanOption(options?.bigint, 'bigint') ?? false;
  const ref = booleanOption(options?.ref, 'ref') ?? true;

  return new Observable<number | bigint>((subscriber) => {
    if (source.closed) {
      subscriber.complete();
      return undefined;
    }
    return source.watch((count: number | bigint) => subscriber.next(count), {
      bigint,
      ref,
      onClose: () => subscriber.complete(),
      onError: (error) => subscriber.error(error),
    });
  });
}

function booleanOption(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new TypeError(`fromDoorbell(source, options): options.${name} must be a boolean`);
}
