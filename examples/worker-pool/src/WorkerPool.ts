// The main thread's side of the pool: one worker thread per progress doorbell, and run(job) to do
// a job on whichever worker is idle.
import { Worker } from 'node:worker_threads';
import { Observable } from 'rxjs';
import type { DoorbellHandle } from '@doorbell/core';
import type { Job } from './jobs.js';
import type { WorkerData } from './worker.js';

/** What {@link WorkerPool.run} reports: a job started on a worker, then finished there. */
export interface JobEvent {
  /** The worker's name: its key in the record of progress doorbells. */
  readonly worker: string;
  readonly job: Job;
  readonly state: 'started' | 'finished';
}

export class WorkerPool {
  readonly #workers = new Map<string, Worker>();
  readonly #idle: string[] = [];

  /** Starts one worker per entry, named by its key, that rings the doorbell of that handle. */
  constructor(progress: Readonly<Record<string, DoorbellHandle>>) {
    for (const [name, handle] of Object.entries(progress)) {
      const workerData: WorkerData = { progress: handle };
      this.#workers.set(name, new Worker(new URL('./worker.js', import.meta.url), { name, workerData }));
      this.#idle.push(name);
    }
  }

  get size(): number {
    return this.#workers.size;
  }

  /**
   * Does the job on an idle worker: emits `started`, then `finished` when the worker posts the job
   * back, and completes. There is no queue here: run at most `size` jobs at a time (mergeMap with
   * concurrency `size` does exactly that).
   */
  run(job: Job): Observable<JobEvent> {
    return new Observable<JobEvent>((subscriber) => {
      const name = this.#idle.shift();
      const worker = name === undefined ? undefined : this.#workers.get(name);
      if (name === undefined || worker === undefined) {
        subscriber.error(new Error(`no idle worker for job ${job.id}: run at most ${this.size} jobs at a time`));
        return undefined;
      }
      const onFinished = () => {
        this.#idle.push(name);
        subscriber.next({ worker: name, job, state: 'finished' });
        subscriber.complete();
      };
      const onError = (error: Error) => subscriber.error(error);
      const onExit = (code: number) =>
        subscriber.error(new Error(`worker ${name} exited with code ${code} during job ${job.id}`));
      worker.once('message', onFinished).once('error', onError).once('exit', onExit);
      subscriber.next({ worker: name, job, state: 'started' });
      worker.postMessage(job);
      return () => {
        worker.off('message', onFinished).off('error', onError).off('exit', onExit);
      };
    });
  }

  /** Stops every worker, busy or not. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((worker) => worker.terminate()));
  }
}
