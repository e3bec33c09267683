import { setInterval } from 'node:timers';
import { DoorbellClosedError } from '../../DoorbellClosedError.js';
import type { ReceiverPort } from '../ReceiverPort.js';
import { closeAtomics, isAtomicsClosed, putBackAtomics, takeAtomics } from './atomicsState.js';

type Watch = {
  readonly onCount: (count: number | bigint) => void;
  readonly onClosed: () => void;
  readonly received: Int32Array;
};

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function toJs(count: bigint): number | bigint {
  return count > MAX_SAFE ? count : Number(count);
}

/**
 * A receiver of an 'atomics' doorbell (protocol: atomicsState.ts), on the calling thread. It
 * waits with Atomics.waitAsync, which does not keep the event loop alive by itself: while it
 * watches and is ref'd, an idle interval timer does.
 */
export class AtomicsReceiver implements ReceiverPort {
  readonly #word: BigInt64Array;
  readonly #semaphore: boolean;
  readonly #creator: boolean;
  #closed = false;
  #watch: Watch | undefined;
  #waiting = false; // one waitAsync at most is outstanding; it outlives an unwatch harmlessly
  #refed = true;
  #keepAlive: ReturnType<typeof setInterval> | undefined;
  #ended: bigint | undefined; // what end() took from the word, until drained

  constructor(word: BigInt64Array, semaphore: boolean, creator: boolean) {
    this.#word = word;
    this.#semaphore = semaphore;
    this.#creator = creator;
  }

  fd(): number {
    return -1;
  }

  writeFd(): number {
    return -1;
  }

  drain(safeOnly: boolean): number | bigint {
    const taken = this.#take();
    if (taken === undefined) {
      this.#closeHere();
      throw new DoorbellClosedError();
    }
    if (safeOnly && taken > MAX_SAFE) this.putBack(taken);
    return toJs(taken);
  }

  putBack(n: number | bigint): number {
    if (this.#ended !== undefined) {
      this.#ended += BigInt(n);
      return 0;
    }
    const status = putBackAtomics(this.#word, BigInt(n));
    return status === 1 ? 0 : status; // closed meanwhile: dropped with the doorbell
  }

  watch(onCount: Watch['onCount'], onClosed: Watch['onClosed'], _onError: unknown, received: Int32Array): void {
    if (this.#closed) throw new DoorbellClosedError();
    this.#watch = { onCount, onClosed, received };
    this.#applyRef();
    this.#wait();
  }

  unwatch(): void {
    this.#watch = undefined;
    this.#applyRef();
  }

  setRef(refed: boolean): void {
    this.#refed = refed;
    this.#applyRef();
  }

  beginEnd(): boolean {
    if (!this.#creator || this.#closed || this.#ended !== undefined) return false;
    this.#ended = closeAtomics(this.#word);
    return true;
  }

  othersInside(): boolean {
    return false; // a ring or a take is one atomic operation: nobody is ever half-way
  }

  close(): void {
    if (this.#closed) return;
    if (this.#creator) closeAtomics(this.#word);
    this.#closeHere();
  }

  #take(): bigint | undefined {
    if (this.#ended === undefined) return this.#closed ? undefined : takeAtomics(this.#word, this.#semaphore);
    const taken = this.#semaphore && this.#ended > 0n ? 1n : this.#ended;
    this.#ended -= taken;
    return taken;
  }

  #closeHere(): void {
    this.#closed = true;
    this.#watch = undefined;
    this.#applyRef();
  }

  #wait(): void {
    if (this.#waiting || !this.#watch || this.#closed) return;
    this.#waiting = true;
    const wait = Atomics.waitAsync(this.#word, 0, 0n);
    // 'not-equal': something is pending (or closed) already. setImmediate, not a microtask, so a
    // semaphore with many units pending lets I/O run between its deliveries.
    if (wait.async) void wait.value.then(() => this.#wake());
    else setImmediate(() => this.#wake());
  }

  #wake(): void {
    this.#waiting = false;
    const watch = this.#watch;
    if (!watch || this.#closed) return;
    const taken = this.#take();
    if (taken === undefined) {
      this.#closeHere();
      watch.onClosed();
      return;
    }
    if (taken > 0n) {
      watch.received[0] = 0;
      watch.onCount(toJs(taken));
      if (watch.received[0] === 0 && !this.#closed) this.putBack(taken);
    }
    this.#wait();
  }

  #applyRef(): void {
    const wanted = this.#watch !== undefined && this.#refed && !this.#closed;
    if (wanted && !this.#keepAlive) {
      this.#keepAlive = setInterval(() => {}, 2 ** 30);
    } else if (!wanted && this.#keepAlive) {
      clearInterval(this.#keepAlive);
      this.#keepAlive = undefined;
    }
  }

  /** Whether the doorbell this receiver belongs to is closed (here or by its creator). */
  static isClosed(word: BigInt64Array): boolean {
    return isAtomicsClosed(word);
  }
}
