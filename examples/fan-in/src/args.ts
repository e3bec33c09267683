// The command line: `[--workers N] [--seconds S]`, validated.
import { parseArgs } from 'node:util';

export interface Options {
  readonly workers: number;
  readonly seconds: number;
  readonly help: boolean;
}

export const USAGE = `usage: node examples/fan-in/dist/main.js [--workers N] [--seconds S]

  -w, --workers N   worker threads ringing the doorbell, 1 to 64 (default 2)
  -s, --seconds S   how long they ring, 1 to 3600 (default 3)
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
        workers: { type: 'string', short: 'w', default: '2' },
        seconds: { type: 'string', short: 's', default: '3' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    workers: wholeNumber(values.workers, '--workers', 1, 64),
    seconds: wholeNumber(values.seconds, '--seconds', 1, 3600),
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
