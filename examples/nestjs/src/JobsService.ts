import type { ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Doorbell } from '@doorbell/core';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { Job } from './Job.js';
import type { JobOutcome, JobTask } from './worker.js';

/** The injection token of the doorbell counting every unit of every job. */
export const UNITS = Symbol('units doorbell');

/** The jobs of this process and the worker pool they run in. */
@Injectable()
export class JobsService implements BeforeApplicationShutdown, OnApplicationShutdown {
  readonly #pool = new Piscina<JobTask, JobOutcome>({
    filename: fileURLToPath(new URL('./worker.js', import.meta.url)),
    maxThreads: 2,
  });
  readonly #jobs = new Map<number, Job>();
  readonly #responses = new Set<Promise<unknown>>();
  #lastId = 0;

  /** `units`: the doorbell every job also rings per unit (see UnitsController). */
  constructor(@Inject(UNITS) private readonly units: Doorbell) {}

  start(size: number, unitMs: number): Job {
    const id = ++this.#lastId;
    const job = new Job(id, size, (handle) => this.#pool.run({ handle, units: this.units.handle(), size, unitMs }));
    this.#jobs.set(id, job);
    console.log(`job ${id}: started, ${size} units`);
    void job.settled.then(() => console.log(`job ${id}: ${job.status().state}, ${job.status().sent} units sent`));
    return job;
  }

  /**
   * An event stream's response: the drain waits until it has been written out, so that the HTTP
   * server, which NestJS closes next, finds its connection idle and closes it at once (a
   * connection still writing when the server closes stays open until the client lets it go).
   */
  track(response: ServerResponse): void {
    const written = finished(response).catch(() => undefined);
    this.#responses.add(written);
    void written.then(() => this.#responses.delete(written));
  }

  get(id: number): Job | undefined {
    return this.#jobs.get(id);
  }

  /** Shutdown, step 2 (new requests already get 503): let every job in flight finish. */
  async beforeApplicationShutdown(): Promise<void> {
    const running = [...this.#jobs.values()].filter((job) => job.status().state === 'running');
    console.log(`draining: ${running.length} job(s) in flight`);
    await Promise.all(running.map((job) => job.settled));
    for (const job of this.#jobs.values()) job.abandon(); // finished, but no client ever came for it
    await Promise.all(this.#responses);
    console.log('drained');
  }

  /** Shutdown, step 3: the pool's threads would keep the process alive. */
  async onApplicationShutdown(): Promise<void> {
    await this.#pool.close();
  }
}
