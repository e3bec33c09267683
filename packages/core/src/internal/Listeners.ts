/** One watch on a receiver. */
export interface Listener {
  readonly onCount: (count: number | bigint) => void;
  readonly bigint: boolean;
  readonly ref: boolean;
  readonly onClose: (() => void) | undefined;
  readonly onError: ((error: Error) => void) | undefined;
  /** Unwatched (or failed, or closed): skipped by a dispatch already under way. */
  removed: boolean;
}

/**
 * The watches of one receiver, and the fan-out of each count to them. Each listener runs on its
 * own: one that throws does not keep the others from the count, and its error is reported
 * asynchronously as an uncaught exception, as an RxJS Subject reports an error nobody handles.
 */
export class Listeners {
  // Replaced, never mutated: a dispatch iterates the array it started with, without copying it.
  #all: readonly Listener[] = [];

  get size(): number {
    return this.#all.length;
  }

  /** Whether a listener is active and wants the event loop kept alive. */
  get wantsRef(): boolean {
    return this.#all.some((listener) => listener.ref);
  }

  get hasNumberMode(): boolean {
    return this.#all.some((listener) => !listener.bigint);
  }

  add(listener: Listener): void {
    this.#all = [...this.#all, listener];
  }

  /** False when it was removed already. */
  remove(listener: Listener): boolean {
    if (listener.removed) return false;
    listener.removed = true;
    this.#all = this.#all.filter((other) => other !== listener);
    return true;
  }

  /** Gives every listener the count, until `stop()` says the receiver closed meanwhile. */
  dispatch(count: number | bigint, stop: () => boolean): void {
    for (const listener of this.#all) {
      if (stop()) return;
      if (listener.removed) continue;
      isolated(listener.onCount, listener.bigint ? BigInt(count) : count);
    }
  }

  /**
   * Ends the number-mode listeners with `error` (their watch is over when onError runs); `defer`
   * (setImmediate, say) schedules the reports instead of making them now.
   */
  failNumberMode(error: Error, defer?: (report: () => void) => void): void {
    for (const listener of this.#all) if (!listener.bigint) this.fail(listener, error, defer);
  }

  /** Ends every listener with `error`. */
  failAll(error: Error): void {
    for (const listener of this.#all) this.fail(listener, error);
  }

  fail(listener: Listener, error: Error, defer?: (report: () => void) => void): void {
    if (!this.remove(listener)) return;
    const report = () => (listener.onError ? isolated(listener.onError, error) : reportUncaught(error));
    if (defer) defer(report);
    else report();
  }

  /** Removes every listener and calls each one's onClose. */
  close(): void {
    const all = this.#all;
    this.#all = [];
    for (const listener of all) listener.removed = true;
    for (const listener of all) if (listener.onClose) isolated(listener.onClose, undefined);
  }
}

function isolated<T>(callback: (value: T) => void, value: T): void {
  try {
    callback(value);
  } catch (error) {
    reportUncaught(error);
  }
}

function reportUncaught(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
