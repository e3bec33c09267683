import { DoorbellReceiver } from '@doorbell/core';
import { map, merge, type Observable } from 'rxjs';
import { type FromDoorbellOptions, fromDoorbell } from './fromDoorbell.js';
import { describe, validateOptionalBoolean, validateOptions } from './internal/validate.js';

/**
 * Options of {@link fanIn}: the {@link FromDoorbellOptions} (`bigint`, `ref`), passed to
 * {@link fromDoorbell} for every source.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { fanIn, type FanInOptions } from '@doorbell/rx';
 *
 * const options = { bigint: true, ref: false } satisfies FanInOptions;
 * fanIn([Doorbell.create(), Doorbell.create()], options).subscribe(({ source, count }) => {
 *   console.log(`doorbell ${source}: ${count} rings`);  // count is a bigint
 * });
 * ```
 */
export interface FanInOptions extends FromDoorbellOptions {}

/**
 * One emission of {@link fanIn}: a coalesced drain count and the doorbell it came from.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { fanIn, type FanInCount } from '@doorbell/rx';
 *
 * const bells = { jobs: Doorbell.create(), errors: Doorbell.create() };
 * const log = ({ source, count }: FanInCount<'jobs' | 'errors'>) => console.log(`${source}: ${count}`);
 * fanIn(bells).subscribe(log);
 * ```
 */
export interface FanInCount<S extends string | number = string | number, C extends number | bigint = number> {
  /** The record key (a string) or the array index (a number) of the doorbell drained. */
  readonly source: S;
  /** What that drain took: ≥ 1. */
  readonly count: C;
}

/**
 * The keys of a record as {@link fanIn} reports them. Object keys are strings at run time, so a
 * numeric key such as `{ 1: bell }` is reported as `'1'`.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import type { FanInKey } from '@doorbell/rx';
 *
 * const bells = { jobs: Doorbell.create(), 7: Doorbell.create() };
 * const keys: FanInKey<typeof bells>[] = ['jobs', '7'];
 * ```
 */
export type FanInKey<R> = (keyof R & string) | `${keyof R & number}`;

/**
 * Merges several doorbells into one Observable of `{ source, count }`, where `source` names the
 * doorbell (its record key, or its array index) each coalesced drain count came from.
 *
 * Use it when one thread waits on many doorbells (one per worker, per queue, per kind of event)
 * and wants a single stream that still says who rang.
 *
 * Each source is a {@link fromDoorbell}, so everything it promises holds per doorbell: counts
 * ≥ 1, conservation, multicast over one native watch per doorbell, counts rung while nobody is
 * subscribed kept for the next subscriber. The result completes when every doorbell has been
 * closed or ended, and not before (at once for an empty record or array, or when all are already
 * closed); `end()` on each delivers every count rung before, so the totals are exact. If one source
 * errors (a count above Number.MAX_SAFE_INTEGER without `bigint: true`), the result errors and
 * stops watching the others; their pending counts stay pending.
 *
 * The same Doorbell object may appear only once: fromDoorbell multicasts, so it would deliver
 * every count twice. (Two receivers made by `Doorbell.open` are different objects and compete
 * for counts, which keeps the sum exact: they are allowed.)
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { fanIn } from '@doorbell/rx';
 *
 * const bells = { jobs: Doorbell.create(), errors: Doorbell.create() };
 * fanIn(bells).subscribe(({ source, count }) => console.log(`${source}: ${count}`));
 * bells.jobs.ring(3);    // jobs: 3
 * bells.errors.ring();   // errors: 1
 * await Promise.all([bells.jobs.end(), bells.errors.end()]);  // then it completes
 * ```
 * @see fromDoorbell
 * @param sources a record of Doorbells (emits the key as `source`) or an array of Doorbells (emits
 * the index). It is read once, at call time.
 * @param options `bigint`: emit each count as a bigint (default false). `ref`: whether the
 * subscription keeps the process alive (default true).
 * @returns an Observable of `{ source, count }` that completes when every source has closed or ended
 * @throws TypeError (synchronously) naming the argument: `sources` not an array or a plain object,
 * an entry that is not a Doorbell (named by its key), the same Doorbell twice, or bad options
 */
export function fanIn(
  sources: readonly DoorbellReceiver[],
  options?: FanInOptions & { bigint?: false },
): Observable<FanInCount<number>>;
export function fanIn(
  sources: readonly DoorbellReceiver[],
  options: FanInOptions & { bigint: true },
): Observable<FanInCount<number, bigint>>;
export function fanIn<R extends Record<keyof R, DoorbellReceiver>>(
  sources: R,
  options?: FanInOptions & { bigint?: false },
): Observable<FanInCount<FanInKey<R>>>;
export function fanIn<R extends Record<keyof R, DoorbellReceiver>>(
  sources: R,
  options: FanInOptions & { bigint: true },
): Observable<FanInCount<FanInKey<R>, bigint>>;
export function fanIn(
  sources: readonly DoorbellReceiver[],
  options?: FanInOptions,
): Observable<FanInCount<number, number | bigint>>;
export function fanIn<R extends Record<keyof R, DoorbellReceiver>>(
  sources: R,
  options?: FanInOptions,
): Observable<FanInCount<FanInKey<R>, number | bigint>>;
export function fanIn(
  sources: readonly DoorbellReceiver[] | Record<string, DoorbellReceiver>,
  options?: FanInOptions,
): Observable<FanInCount<string | number, number | bigint>> {
  const entries = validateSources(sources);
  const raw = validateOptions(options, 'fanIn(sources, options): options');
  const bigint = validateOptionalBoolean(raw.bigint, 'fanIn(sources, options): options.bigint') ?? false;
  const ref = validateOptionalBoolean(raw.ref, 'fanIn(sources, options): options.ref') ?? true;

  return merge(
    ...entries.map(([source, bell]) =>
      fromDoorbell(bell, { bigint, ref }).pipe(
        map((count): FanInCount<string | number, number | bigint> => ({ source, count })),
      ),
    ),
  );
}

function validateSources(sources: unknown): [string | number, DoorbellReceiver][] {
  let entries: [string | number, unknown][];
  let name: (key: string | number) => string;
  if (Array.isArray(sources)) {
    entries = Array.from(sources, (bell, index) => [index, bell]);
    name = (index) => `sources[${index}]`;
  } else if (isPlainObject(sources)) {
    entries = Object.keys(sources).map((key) => [key, sources[key]]);
    name = (key) => (/^[A-Za-z_$][\w$]*$/.test(String(key)) ? `sources.${key}` : `sources[${JSON.stringify(key)}]`);
  } else {
    throw new TypeError(
      `fanIn(sources): sources must be an array or a plain object of Doorbells; got ${describe(sources)}`,
    );
  }
  const seen = new Map<DoorbellReceiver, string | number>();
  for (const [key, bell] of entries) {
    if (!(bell instanceof DoorbellReceiver)) {
      throw new TypeError(`fanIn(sources): ${name(key)} must be a Doorbell; got ${describe(bell)}`);
    }
    const earlier = seen.get(bell);
    if (earlier !== undefined) {
      throw new TypeError(
        `fanIn(sources): ${name(key)} is the same Doorbell as ${name(earlier)}; it would deliver every count twice`,
      );
    }
    seen.set(bell, key);
  }
  return entries as [string | number, DoorbellReceiver][];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
