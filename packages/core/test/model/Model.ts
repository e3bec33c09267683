import type { CoalescingModel, Doorbell } from '../../src/index.js';
import type { WorkerClient } from '../helpers/WorkerClient.js';

export interface Model {
  readonly model: CoalescingModel;
  readonly backend: 'eventfd' | 'pipe' | 'atomics';
  /** Raw counts written to a pipe doorbell and not yet drained: outside its overflow rule. */
  rawInPipe: bigint;
}

/**
 * Whether an in-process ring of n (times) is inside what the backend promises: a pipe's overflow
 * rule cannot see raw counts waiting in the pipe (PipeCounter.hh), so near 2^64-2 it only holds
 * while none wait.
 */
export function overflowRuleApplies(m: Readonly<Model>, n: number | bigint, times = 1): boolean {
  return m.backend !== 'pipe' || m.rawInPipe === 0n || m.model.pending + BigInt(n) * BigInt(times) <= 2n ** 64n - 2n;
}

export interface Real {
  readonly bell: Doorbell;
  /** A second receiver on this thread (Doorbell.open), competing for the same counts. */
  readonly opened: Doorbell;
  readonly workers: readonly WorkerClient[];
  /** The key under which each worker holds its Ringer for this run. */
  readonly ringerKey: string;
}

export type Outcome = 'ok' | string;

/** What happened: 'ok', or the name of the error class thrown. */
export function outcomeOf(action: () => void): Outcome {
  try {
    action();
    return 'ok';
  } catch (error) {
    return (error as Error).name;
  }
}

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** What the next drain of the model would take, without taking it. */
export function nextDrain(model: CoalescingModel): bigint {
  return model.semaphore && model.pending > 0n ? 1n : model.pending;
}

/**
 * flush() and end() take a semaphore doorbell's units one take at a time (an EFD_SEMAPHORE eventfd
 * gives nothing else), so with 2^54 units pending they would not return in a lifetime: they are
 * run only while few units are pending.
 */
export function takesInReasonableTime(m: Readonly<Model>): boolean {
  return !m.model.semaphore || m.model.pending <= 10_000n;
}
