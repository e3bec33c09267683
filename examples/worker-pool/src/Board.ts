// What the main thread knows about each worker: the jobs it started and finished (from the pool)
// and the units its progress doorbell delivered (from fanIn).
import type { FanInCount } from '@doorbell/rx';
import type { Job } from './jobs.js';
import type { JobEvent } from './WorkerPool.js';

export interface WorkerRow {
  readonly name: string;
  /** The job in hand, if any. */
  readonly job: Job | undefined;
  readonly jobsDone: number;
  /** The units of the jobs it has finished, as the pool saw them finish. */
  readonly unitsDone: number;
  /** The units its progress doorbell has delivered. */
  readonly reported: number;
}

export class Board {
  readonly jobs: number;
  readonly #rows = new Map<string, WorkerRow>();

  constructor(names: readonly string[], jobs: number) {
    this.jobs = jobs;
    for (const name of names) this.#rows.set(name, { name, job: undefined, jobsDone: 0, unitsDone: 0, reported: 0 });
  }

  get rows(): readonly WorkerRow[] {
    return [...this.#rows.values()];
  }

  get jobsDone(): number {
    return this.rows.reduce((sum, row) => sum + row.jobsDone, 0);
  }

  /** True when every worker's doorbell has delivered exactly the units of the jobs it finished. */
  get settled(): boolean {
    return this.rows.every((row) => row.reported === row.unitsDone);
  }

  record({ worker, job, state }: JobEvent): void {
    const row = this.#row(worker);
    this.#rows.set(
      worker,
      state === 'started'
        ? { ...row, job }
        : { ...row, job: undefined, jobsDone: row.jobsDone + 1, unitsDone: row.unitsDone + job.units },
    );
  }

  progressed(counts: readonly FanInCount<string>[]): void {
    for (const { source, count } of counts) {
      const row = this.#row(source);
      this.#rows.set(source, { ...row, reported: row.reported + count });
    }
  }

  #row(name: string): WorkerRow {
    const row = this.#rows.get(name);
    if (row === undefined) throw new Error(`no worker named ${name}`);
    return row;
  }
}

/**
 * How far the worker is into the job in hand: what its doorbell delivered beyond the jobs it has
 * finished. The job's last rings and the message saying it finished travel separately and may
 * arrive in either order, hence the clamp.
 */
export function unitsIntoJob(row: WorkerRow): number {
  if (row.job === undefined) return 0;
  return Math.min(row.job.units, Math.max(0, row.reported - row.unitsDone));
}
