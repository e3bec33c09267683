import { inspect } from 'node:util';

/** The largest count an eventfd can hold: 2^64-2. */
export const MAX_COUNT = 2n ** 64n - 2n;

function describe(value: unknown): string {
  return inspect(value, { depth: 0, breakLength: Infinity });
}

/** A ring count: a positive safe integer or a positive bigint up to 2^64-2. */
export function validateCount(n: unknown, name: string): number | bigint {
  if (typeof n === 'number') {
    if (Number.isSafeInteger(n) && n > 0) return n;
    throw new RangeError(
      `${name} must be a positive safe integer or a positive bigint up to 2^64-2; got ${describe(n)}`,
    );
  }
  if (typeof n === 'bigint') {
    if (n > 0n && n <= MAX_COUNT) return n;
    throw new RangeError(`${name} must be a positive safe integer or a positive bigint up to 2^64-2; got ${n}n`);
  }
  throw new TypeError(`${name} must be a number or a bigint; got ${describe(n)}`);
}

export function validateFd(fd: unknown, name: string): number {
  if (typeof fd !== 'number') throw new TypeError(`${name} must be a number; got ${describe(fd)}`);
  if (!Number.isInteger(fd) || fd < 0 || fd > 2 ** 31 - 1) {
    throw new RangeError(`${name} must be a non-negative integer file descriptor; got ${describe(fd)}`);
  }
  return fd;
}

export function validateFunction(value: unknown, name: string): void {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function; got ${describe(value)}`);
}

/** An options argument: undefined or a plain object. */
export function validateOptions(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object; got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function validateOptionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new TypeError(`${name} must be a boolean; got ${describe(value)}`);
}
