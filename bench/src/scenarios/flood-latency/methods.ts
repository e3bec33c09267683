// The methods of the flood scenario: the default doorbell, one woken for every burst, and one per
// flood-hold period of the plan (`doorbell-hold-<µs>us`), when core has the period option.

export const DEFAULT = 'doorbell';
export const PER_BURST = 'doorbell-per-burst';

const PREFIX = 'doorbell-hold-';

const holdMethod = (micros: number): string => `${PREFIX}${micros}us`;

/** The hold period of a method, in µs; undefined for the default and per-burst doorbells. */
export function holdPeriodOf(method: string): number | undefined {
  return method.startsWith(PREFIX) ? Number.parseInt(method.slice(PREFIX.length), 10) : undefined;
}

export function floodMethods(periodsUs: readonly number[], periodAvailable: boolean): string[] {
  return [DEFAULT, PER_BURST, ...(periodAvailable ? periodsUs.map(holdMethod) : [])];
}
