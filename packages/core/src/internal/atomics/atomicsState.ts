import { DoorbellClosedError } from '../../DoorbellClosedError.js';
import { DoorbellOverflowError } from '../../DoorbellOverflowError.js';
import { MAX_COUNT } from '../validate.js';

// An 'atomics' doorbell is one 64-bit word in a SharedArrayBuffer: the pending count, or CLOSED.
//
// - ring(n): CAS the word from P to P + n, refused when the word is CLOSED (the ring throws
//   DoorbellClosedError) or P + n would pass 2^64-2 (DoorbellOverflowError). A ring that takes the
//   word from 0 notifies it (Atomics.notify), which wakes receivers waiting in Atomics.waitAsync;
//   rings while the word is already non-zero coalesce without a notify.
// - take: CAS P to 0 (or P - 1 in semaphore mode); a receiver that finds 0 waits for a notify.
// - close: exchange the word with CLOSED (the pending count goes with it, or, for end(), to the
//   ender's watches), then notify, so waiting receivers see CLOSED and end their watches.
//
// Every count is in the word or was taken by exactly one successful CAS or exchange, so nothing is
// lost, duplicated or invented; a ring racing close either saw CLOSED (and threw) or landed first
// (and close's exchange took it). A notify is made whenever the word leaves 0, and a receiver
// waits only while the word is 0 (waitAsync compares atomically), so no wake-up is lost.
// The word is read as signed by Atomics (BigInt64Array); counts are its unsigned value. Every
// Atomics operation is sequentially consistent, on every CPU: the argument needs nothing weaker.

/** Bytes of an 'atomics' doorbell's shared state. */
export const ATOMICS_STATE_BYTES = 8;

/** The word's value once closed: 2^64-1, which no count reaches (the maximum is 2^64-2). */
const CLOSED = -1n;

export function atomicsWord(buffer: SharedArrayBuffer): BigInt64Array {
  return new BigInt64Array(buffer, 0, 1);
}

export function isAtomicsClosed(word: BigInt64Array): boolean {
  return Atomics.load(word, 0) === CLOSED;
}

/** Adds n (validated) to the pending count. */
export function ringAtomics(word: BigInt64Array, n: number | bigint): void {
  const add = BigInt(n);
  let seen = Atomics.load(word, 0);
  for (;;) {
    if (seen === CLOSED) throw new DoorbellClosedError();
    const before = BigInt.asUintN(64, seen);
    if (before + add > MAX_COUNT) throw new DoorbellOverflowError(add);
    const witnessed = Atomics.compareExchange(word, 0, seen, BigInt.asIntN(64, before + add));
    if (witnessed === seen) {
      if (before === 0n) Atomics.notify(word, 0);
      return;
    }
    seen = witnessed;
  }
}

/** Takes what is pending (1 in semaphore mode): 0n when nothing is, undefined once closed. */
export function takeAtomics(word: BigInt64Array, semaphore: boolean): bigint | undefined {
  let seen = Atomics.load(word, 0);
  for (;;) {
    if (seen === CLOSED) return undefined;
    if (seen === 0n) return 0n;
    const next = semaphore ? BigInt.asIntN(64, BigInt.asUintN(64, seen) - 1n) : 0n;
    const witnessed = Atomics.compareExchange(word, 0, seen, next);
    if (witnessed === seen) return semaphore ? 1n : BigInt.asUintN(64, seen);
    seen = witnessed;
  }
}

/** Closes the doorbell; returns what was pending. */
export function closeAtomics(word: BigInt64Array): bigint {
  const before = Atomics.exchange(word, 0, CLOSED);
  Atomics.notify(word, 0);
  return before === CLOSED ? 0n : BigInt.asUintN(64, before);
}

/** Adds back a count that was taken but not delivered: 0, 1 when closed, or -11 (EAGAIN) when it no longer fits. */
export function putBackAtomics(word: BigInt64Array, n: bigint): number {
  let seen = Atomics.load(word, 0);
  for (;;) {
    if (seen === CLOSED) return 1;
    const before = BigInt.asUintN(64, seen);
    if (before + n > MAX_COUNT) return -11;
    const witnessed = Atomics.compareExchange(word, 0, seen, BigInt.asIntN(64, before + n));
    if (witnessed === seen) {
      if (before === 0n) Atomics.notify(word, 0);
      return 0;
    }
    seen = witnessed;
  }
}
