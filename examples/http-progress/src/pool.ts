// A fixed pool of worker threads. Each job gets its own doorbell: the worker rings it once per
// unit of work, and the main thread turns the coalesced counts into a stream of progress.
import { Worker } from 'node:worker_threads';
import { Observable, scan, takeWhile } from 'rxjs';
import { Doorbell, type DoorbellHandle } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';

/** How far a job has got: `done` units of `size`. */
export interface Progress {
  readonly done: number;
  readonly size: number;
}

/** What the main thread posts to a worker to start a job. */
export interface JobMessage {
  readonly id: number;
  readonly size: number;
  readonly unitMs: number;
  /** The job's doorbell: ring once per unit done. */
  readonly handle: DoorbellHandle;
}

/** What a worker posts back when it is free again. */
export interface JobReport {
  readonly id: number;
  readonly outcome: 'finished' | 'cancelled';
}

interface Job {
  readonly message: JobMessage;
  readonly bell: Doorbell;
  /** Set when the worker running the job died: the job's stream errors with it. */
  failure?: Error;
}

/** A job whose worker died. */
class JobFailedError extends Error {
  override name = 'JobFailedError';
}

export class WorkerPool {
  readonly #unitMs: number;
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Job>();
  readonly #queue: Job[] = [];
  #lastId = 0;
  #closed = false;

  constructor(workers: number, unitMs: number) {
    this.#unitMs = unitMs;
    for (let i = 0; i < workers; i++) this.#idle.push(this.#spawn());
  }

  /**
   * A job of `size` units, started on subscribe (queued while every worker is busy). Emits the
   * progress each time the job's doorbell wakes this thread (several units may arrive in one
   * wake-up), completes with `done === size`. Unsubscribing cancels it: its doorbell is closed,
   * which revokes the worker's ringer. Errors with JobFailedError if the worker dies.
   */
  run(size: number): Observable<Progress> {
    return new Observable<Progress>((subscriber) => {
      if (this.#closed) throw new Error('the pool is closed');
      const bell = Doorbell.create();
      const job: Job = { message: { id: ++this.#lastId, size, unitMs: this.#unitMs, handle: bell.handle() }, bell };
      subscriber.add(() => {
        bell.close();
        const queued = this.#queue.indexOf(job);
        if (queued >= 0) this.#queue.splice(queued, 1);
      });
      subscriber.add(
        fromDoorbell(bell)
          .pipe(
            scan((done, count) => done + count, 0),
            takeWhile((done) => done < size, true),
          )
          .subscribe({
            next: (done) => subscriber.next({ done, size }),
            error: (error: unknown) => subscriber.error(error),
            // The doorbell closed before the job was done: only a dead worker does that.
            complete: () => (job.failure ? subscriber.error(job.failure) : subscriber.complete()),
          }),
      );
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  /** Stops every worker. Jobs still running are cancelled. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.bell.close();
    const workers = [...this.#idle.splice(0), ...this.#running.keys()];
    for (const job of this.#running.values()) job.bell.close();
    this.#running.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #spawn(): Worker {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    worker.on('message', (report: JobReport) => {
      if (this.#running.get(worker)?.message.id === report.id) this.#running.delete(worker);
      this.#idle.push(worker);
      this.#dispatch();
    });
    let dead = false;
    const died = (error: Error) => {
      if (dead || this.#closed) return;
      dead = true; // 'error' is followed by 'exit': replace the worker once
      const job = this.#running.get(worker);
      this.#running.delete(worker);
      const idle = this.#idle.indexOf(worker);
      if (idle >= 0) this.#idle.splice(idle, 1);
      if (job) {
        job.failure = new JobFailedError(`job ${job.message.id}: its worker died: ${error.message}`, { cause: error });
        job.bell.close(); // ends the job's stream, which then errors with the failure
      }
      this.#idle.push(this.#spawn());
      this.#dispatch();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`exited with code ${code}`)));
    return worker;
  }

  #dispatch(): void {
    while (!this.#closed && this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.shift()!;
      const job = this.#queue.shift()!;
      this.#running.set(worker, job);
      worker.postMessage(job.message);
    }
  }
}
