// The command line: `[--units N] [--workers N]`, validated.
import { parseArgs } from 'node:util';

export interface Options {
  readonly units: number;
  readonly workers: number;
  readonly help: boolean;
}

export const USAGE = `usage: node examples/work-queue/dist/main.js [--units N] [--workers N]

  -u, --units N     units of work to queue, 1 to 1000000 (default 10000)
  -w, --workers N   worker threads competing for them, 1 to 64 (default 4)
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
        units: { type: 'string', short: 'u', default: '10000' },
        workers: { type: 'string', short: 'w', default: '4' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    units: wholeNumber(values.units, '--units', 1, 1_000_000),
    workers: wholeNumber(values.workers, '--workers', 1, 64),
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
