// http-progress: an HTTP server whose request handling is one Rx pipeline. A request starts a job
// on a pool of worker threads; the workers report progress through one doorbell per job; the
// client sees it as Server-Sent Events. SIGTERM (or Ctrl-C) drains it through shutdownSignal:
// new requests get 503, the jobs in flight finish, then everything is closed and the process
// exits with code 0. A second Ctrl-C exits at once with code 130.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromEvent, mergeMap, takeUntil } from 'rxjs';
import { shutdownSignal, type ShutdownReason } from '@doorbell/rx';
import { type Options, parseOptions, USAGE, UsageError } from './args.js';
import { WorkerPool } from './pool.js';
import { JobBook, refuse, respond, type Service } from './routes.js';

const HOST = '127.0.0.1';

const log = (line: string) => console.log(line);
const describeReason = (reason: ShutdownReason) =>
  reason.kind === 'signal'
    ? reason.signal
    : reason.kind === 'doorbell'
      ? `a ring of the shutdown doorbell (${reason.count})`
      : reason.origin;

function serve({ port, workers, unitMs }: Options): void {
  const service: Service = { pool: new WorkerPool(workers, unitMs), jobs: new JobBook(), log };
  const server = createServer();
  const shutdown$ = shutdownSignal({ forceOnSecond: true });
  let draining = 0;

  shutdown$.subscribe((reason) => {
    server.on('request', refuse);
    draining = service.jobs.active;
    log(
      `shutting down on ${describeReason(reason)}: new requests get 503; ` +
        `waiting for ${draining} job${draining === 1 ? '' : 's'} in flight (Ctrl-C again to force)`,
    );
  });

  const close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.all([closed, service.pool.close()]);
  };

  fromEvent(server, 'request', (request: IncomingMessage, response: ServerResponse) => ({ request, response }))
    .pipe(
      takeUntil(shutdown$), // 1. stop taking new work
      mergeMap(({ request, response }) => respond(request, response, service)), // 2. the jobs in flight finish
    )
    .subscribe({
      // 3. close the pool (its doorbells are closed as each job ends) and the server.
      complete: () =>
        void close().then(() => {
          // 4. Nothing is left to keep the process alive: it ends with code 0.
          log(
            `drained: ${draining} job${draining === 1 ? '' : 's'} finished; workers stopped; server closed; exiting with code 0`,
          );
        }),
      error: (error: unknown) => {
        console.error('http-progress: request handling failed:', error);
        process.exitCode = 1;
        void close();
      },
    });

  server.once('error', (error) => {
    console.error(`http-progress: ${error.message}`);
    process.exitCode = 1;
    void close();
  });
  server.listen(port, HOST, () => {
    const { port: actual } = server.address() as AddressInfo;
    log(
      `http-progress: ${workers} worker thread${workers === 1 ? '' : 's'}, ${unitMs} ms per unit of work; POST /jobs?size=N`,
    );
    log(`listening on http://${HOST}:${actual}`);
  });
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`http-progress: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

if (options.help) console.log(USAGE);
else serve(options);
