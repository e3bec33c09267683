/**
 * Options of `counts()`.
 *
 * @example
 * ```ts
 * import { Doorbell, type CountsOptions } from '@doorbell/core';
 * const bell = Doorbell.create();
 * const options: CountsOptions = { signal: AbortSignal.timeout(1000), bigint: true };
 * bell.ring(2);
 * for await (const count of bell.counts(options)) { console.log(count); break; } // 2n
 * bell.close();
 * ```
 */
export interface CountsOptions {
  /** Aborting it rejects the waiting `next()` with `signal.reason` and stops the iteration. */
  signal?: AbortSignal;
  /** Yield bigints (never fails on counts above Number.MAX_SAFE_INTEGER). Default false. */
  bigint?: boolean;
}

/** What the iterator needs of a receiver: its public pulling side. */
interface Pullable {
  readonly closed: boolean;
  drain(options: { bigint: boolean }): number | bigint;
  watch(
    onCount: (count: number | bigint) => void,
    options: { bigint: boolean; onClose: () => void; onError: (error: Error) => void },
  ): () => void;
}

type Result = IteratorResult<number | bigint, undefined>;
const DONE: Result = { done: true, value: undefined };

/**
 * `counts()`: each next() drains what is pending, or watches for exactly one count. Between two
 * next() calls nothing watches, so rings pile up in the doorbell, not in a queue here. The one
 * thing kept here is the last count of an end() that found nobody watching (offerLast).
 */
export class CountIterator implements AsyncIterableIterator<number | bigint> {
  readonly #source: Pullable;
  readonly #options: CountsOptions;
  readonly #registry: Set<CountIterator>;
  #last: bigint | undefined;
  #done = false;
  #stopWaiting: (() => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve(); // next() calls run one after another

  constructor(source: Pullable, options: CountsOptions, registry: Set<CountIterator>) {
    this.#source = source;
    this.#options = options;
    this.#registry = registry;
    registry.add(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result> {
    const result = this.#queue.then(() => this.#next());
    this.#queue = result.catch(() => undefined);
    return result;
  }

  return(): Promise<Result> {
    this.finish();
    return Promise.resolve(DONE);
  }

  /** @internal Whether a next() is waiting for a count (it then gets end()'s last count as a watch). */
  get waiting(): boolean {
    return this.#stopWaiting !== undefined;
  }

  /** @internal end() found nothing watching: the iteration yields this, then finishes. */
  offerLast(count: bigint): void {
    if (!this.#done) this.#last = (this.#last ?? 0n) + count;
  }

  /** @internal The receiver closed, or the consumer stopped. */
  finish(): void {
    this.#done = true;
    this.#registry.delete(this);
    this.#stopWaiting?.();
  }

  async #next(): Promise<Result> {
    const bigint = this.#options.bigint ?? false;
    const { signal } = this.#options;
    if (this.#last !== undefined) {
      const last = this.#last;
      this.#last = undefined;
      return { done: false, value: bigint ? last : Number(last) };
    }
    if (this.#done) return DONE;
    signal?.throwIfAborted();
    if (this.#source.closed) return this.#end();
    try {
      const count = this.#source.drain({ bigint });
      if (count !== 0 && count !== 0n) return { done: false, value: count };
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_DOORBELL_CLOSED') return this.#end();
      throw error;
    }
    return this.#wait(bigint, signal);
  }

  #wait(bigint: boolean, signal: AbortSignal | undefined): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const onAbort = () => {
        this.#stopWaiting?.();
        this.finish();
        reject(signal?.reason);
      };
      const unwatch = this.#source.watch(
        (count) => {
          this.#stopWaiting?.();
          resolve({ done: false, value: count });
        },
        {
          bigint,
          onClose: () => {
            this.#stopWaiting = undefined;
            signal?.removeEventListener('abort', onAbort);
            resolve(this.#end());
          },
          onError: (error) => {
            this.#stopWaiting?.();
            reject(error);
          },
        },
      );
      this.#stopWaiting = () => {
        this.#stopWaiting = undefined;
        unwatch();
        signal?.removeEventListener('abort', onAbort);
        if (this.#done) resolve(DONE);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #end(): Result {
    const last = this.#last;
    this.finish();
    if (last === undefined) return DONE;
    this.#last = undefined;
    return { done: false, value: (this.#options.bigint ?? false) ? last : Number(last) };
  }
}
