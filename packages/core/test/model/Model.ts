import type { CoalescingModel, Doorbell } from '../../src/index.js';
import type { WorkerClient } from '../helpers/WorkerClient.js';

export interface Model {
  readonly model: CoalescingModel;
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
