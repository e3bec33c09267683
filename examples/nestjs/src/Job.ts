import { Doorbell, type DoorbellHandle } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';
import type { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { JobOutcome } from './worker.js';

/** What GET /jobs/:id answers. */
export interface JobStatus {
  readonly id: number;
  readonly size: number;
  readonly state: 'running' | 'failed' | JobOutcome['state'];
  /** Units the client was sent so far (the sum of the progress events' counts). */
  readonly sent: number;
}

/**
 * One job: a doorbell its worker rings once per unit, and the one event stream that reads it.
 *
 * Rings made before the stream subscribes stay pending in the doorbell and arrive with its first
 * event, so the counts a client receives always sum to exactly what the worker rang. The stream
 * ends without a timer: once the worker has returned (every ring it made has returned), `end()`
 * delivers what is still pending, then `fromDoorbell` completes and the stream sends its final
 * event. A client that leaves mid-job unsubscribes the stream, which closes the doorbell: the
 * worker's next ring throws, and the job stops there.
 */
export class Job {
  readonly bell = Doorbell.create();
  #outcome: JobOutcome | { readonly state: 'failed' } | undefined;
  #sent = 0;
  #streamed = false;
  #streaming = false;
  /** Resolves when the job has nothing left to do: worker returned, and its stream (if any) ended. */
  readonly settled: Promise<void>;
  #streamEnded!: () => void;

  constructor(
    readonly id: number,
    readonly size: number,
    start: (handle: DoorbellHandle) => Promise<JobOutcome>,
  ) {
    const run = start(this.bell.handle());
    const streamEnded = new Promise<void>((resolve) => (this.#streamEnded = resolve));
    const workerReturned = run.then(
      (outcome) => {
        this.#outcome = outcome;
        if (this.#streaming) void this.bell.end();
      },
      (error: unknown) => {
        console.error(`job ${id}: the worker failed:`, error);
        this.#outcome = { state: 'failed' };
        this.bell.close(); // the stream, if any, ends with its 'done' event
      },
    );
    this.settled = workerReturned.then(() => (this.#streamed ? streamEnded : undefined));
  }

  status(): JobStatus {
    return { id: this.id, size: this.size, state: this.#outcome?.state ?? 'running', sent: this.#sent };
  }

  /** Whether a client has taken this job's event stream (there is one per job). */
  get streamed(): boolean {
    return this.#streamed;
  }

  /** Called once nothing will read the stream any more (shutting down): stops waiting for one. */
  abandon(): void {
    if (!this.#streamed) this.bell.close();
  }

  /** The job's Server-Sent Events: `progress` per delivered count, then one `done`. */
  events(): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      this.#streamed = true;
      this.#streaming = true;
      const counts = fromDoorbell(this.bell).subscribe({
        next: (count) => {
          this.#sent += count;
          subscriber.next({ type: 'progress', data: { count, sent: this.#sent, size: this.size } });
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          subscriber.next({ type: 'done', data: this.status() });
          subscriber.complete();
        },
      });
      if (this.#outcome !== undefined) void this.bell.end(); // finished before anyone listened
      return () => {
        this.#streaming = false;
        counts.unsubscribe();
        if (this.#outcome === undefined) this.bell.close(); // the client left mid-job: stop it
        this.#streamEnded();
      };
    });
  }
}
