// The command line: `[--port N] [--workers N] [--unit-ms MS]`, validated.
import { parseArgs } from 'node:util';

export interface Options {
  readonly port: number;
  readonly workers: number;
  readonly unitMs: number;
  readonly help: boolean;
}

export const USAGE = `usage: node examples/http-progress/dist/main.js [--port N] [--workers N] [--unit-ms MS]

  -p, --port N       the port to listen on at 127.0.0.1, 0 to 65535 (default 8080; 0 picks a free one)
  -w, --workers N    worker threads in the pool, 1 to 16 (default 2)
  -u, --unit-ms MS   how long one unit of a job's work takes, 1 to 10000 ms (default 50)
  -h, --help         show this help

  POST /jobs?size=N  runs a job of N units (1 to 100000) and streams its progress as
                     Server-Sent Events (GET works too, for EventSource)
  GET /health        200 'ok', or 503 'draining' once shutdown has begun

  SIGTERM or Ctrl-C: new requests get 503, jobs in flight finish, then it exits with code 0.
  A second Ctrl-C exits at once with code 130.`;

/** A bad command line; its message is meant for the user. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseOptions(args: readonly string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p', default: '8080' },
        workers: { type: 'string', short: 'w', default: '2' },
        'unit-ms': { type: 'string', short: 'u', default: '50' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    port: wholeNumber(values.port, '--port', 0, 65535),
    workers: wholeNumber(values.workers, '--workers', 1, 16),
    unitMs: wholeNumber(values['unit-ms'], '--unit-ms', 1, 10_000),
    help: values.help,
  };
}

/** A whole number from min to max, or a UsageError naming `name`. */
function wholeNumber(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}; got '${text}'`);
  }
  return value;
}
