// Request handling: each request becomes an Observable that completes once its response has
// ended. A job's response is a stream of Server-Sent Events fed by the job's doorbell.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  catchError,
  defer,
  EMPTY,
  finalize,
  fromEvent,
  ignoreElements,
  last,
  type Observable,
  takeUntil,
  tap,
} from 'rxjs';
import type { WorkerPool } from './pool.js';
import { SSE_HEADERS, sseEvent } from './sse.js';

const MAX_SIZE = 100_000;

/** Numbers the jobs and knows how many are in flight. */
export class JobBook {
  #last = 0;
  readonly #active = new Set<number>();

  start(): number {
    this.#active.add(++this.#last);
    return this.#last;
  }

  end(id: number): void {
    this.#active.delete(id);
  }

  get active(): number {
    return this.#active.size;
  }
}

export interface Service {
  readonly pool: WorkerPool;
  readonly jobs: JobBook;
  readonly log: (line: string) => void;
}

/** The response to one request, as an Observable that completes when the response has ended. */
export function respond(request: IncomingMessage, response: ServerResponse, service: Service): Observable<never> {
  return defer(() => {
    request.resume(); // a request body, if any, is not used
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/health') return reply(response, 200, 'ok');
    if (url.pathname !== '/jobs') return reply(response, 404, 'not found: try POST /jobs?size=N');
    if (request.method !== 'POST' && request.method !== 'GET') {
      return reply(response, 405, `${request.method} is not allowed: POST /jobs?size=N`, { allow: 'POST, GET' });
    }
    const text = url.searchParams.get('size') ?? '';
    const size = Number(text);
    if (!/^\d+$/.test(text) || size < 1 || size > MAX_SIZE) {
      return reply(response, 400, `size must be a whole number from 1 to ${MAX_SIZE}; got '${text}'`);
    }
    return streamJob(response, size, service);
  });
}

/** What every request gets once shutdown has begun. */
export function refuse(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', 'retry-after': '5' });
  response.end('draining: this server is shutting down and takes no new jobs\n');
}

function reply(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Observable<never> {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(`${body}\n`);
  return EMPTY;
}

/**
 * Runs a job on the pool and streams its progress: `event: progress` with `{ done, size }` each
 * time the job's doorbell wakes this thread, then `event: done` (or `event: error` if its worker
 * died). A client that goes away cancels the job.
 */
function streamJob(response: ServerResponse, size: number, { pool, jobs, log }: Service): Observable<never> {
  const id = jobs.start();
  log(`job ${id}: started, ${size} units`);
  response.writeHead(200, SSE_HEADERS);
  response.flushHeaders();
  const clientGone = fromEvent(response, 'close').pipe(tap(() => log(`job ${id}: cancelled, the client went away`)));
  return pool.run(size).pipe(
    tap((progress) => response.write(sseEvent('progress', progress))),
    last(),
    tap((progress) => {
      response.write(sseEvent('done', progress));
      log(`job ${id}: done`);
    }),
    catchError((error: Error) => {
      response.write(sseEvent('error', { message: error.message }));
      log(`job ${id}: failed: ${error.message}`);
      return EMPTY;
    }),
    takeUntil(clientGone),
    ignoreElements(),
    finalize(() => {
      jobs.end(id);
      response.end();
    }),
  );
}
