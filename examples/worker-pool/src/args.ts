// The command line: `[--jobs N] [--workers N]`, validated.
import { parseArgs } from 'node:util';

export interface Options {
  readonly jobs: number;
  readonly workers: number;
  readonly help: boolean;
}

export const USAGE = `usage: node examples/worker-pool/dist/main.js [--jobs N] [--workers N]

  -j, --jobs N      jobs of random size to run, 1 to 1000 (default 12)
  -w, --workers N   worker threads in the pool, 1 to 32 (default 3)
  -h, --help        show this help`;

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
        jobs: { type: 'string', short: 'j', default: '12' },
        workers: { type: 'string', short: 'w', default: '3' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    jobs: wholeNumber(values.jobs, '--jobs', 1, 1000),
    workers: wholeNumber(values.workers, '--workers', 1, 32),
    help: values.help,
  };
}

function wholeNumber(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}; got '${text}'`);
  }
  return value;
}
