// rx's own copy of the few checks core makes too: rx uses only core's public API, and exporting
// these from core would make them part of its contract. Messages read the same in both packages.
import { inspect } from 'node:util';

/** A value as an error message shows it: short, one line. */
export function describe(value: unknown): string {
  return inspect(value, { depth: 0, breakLength: Infinity });
}

/** An options argument: undefined or a non-array object. */
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
