import type { Piscina } from 'piscina';
import { Doorbell, DoorbellClosedError } from '@doorbell/core';
import type { TaskInput } from './task.js';

/** A task under way: its progress doorbell, and its result. */
export interface RunningTask {
  readonly progress: Doorbell;
  /**
   * Resolves with the units done once the task has finished and its doorbell has delivered every
   * ring the task made (flush) and ended (its stream completes). Rejects with the task's error:
   * DoorbellClosedError when it was cancelled (its cause: the worker's error).
   */
  readonly done: Promise<number>;
}

/**
 * Runs a task in the pool with a doorbell of its own for progress. `signal` cancels it: the
 * doorbell closes, so the task's next ring throws and the task ends there.
 *
 * @example
 * ```ts
 * import { Piscina } from 'piscina';
 * import { fromDoorbell } from '@doorbell/rx';
 * import { runWithProgress } from './runWithProgress.js';
 *
 * const pool = new Piscina({ filename: new URL('./task.js', import.meta.url).href });
 * const { progress, done } = runWithProgress(pool, { units: 100, unitMs: 1 });
 * fromDoorbell(progress).subscribe((count) => console.log(`+${count}`));
 * console.log(`${await done} units`);
 * ```
 */
export function runWithProgress(pool: Piscina, work: Omit<TaskInput, 'progress'>, signal?: AbortSignal): RunningTask {
  const progress = Doorbell.create();
  signal?.addEventListener('abort', () => progress.close(), { once: true });
  const input: TaskInput = { ...work, progress: progress.handle() };
  const done = (pool.run(input) as Promise<number>).then(
    (units) => {
      // Every ring the task made returned before its result was posted: flush() delivers them to
      // the watches now, synchronously, so whoever awaits `done` sees the exact figure.
      progress.flush();
      void progress.end();
      return units;
    },
    (error: unknown) => {
      progress.close();
      // The worker's DoorbellClosedError crossed the thread as a plain Error (piscina clones it).
      if (signal?.aborted)
        throw new DoorbellClosedError('the task was cancelled: its next ring threw', { cause: error });
      throw error;
    },
  );
  return { progress, done };
}
