// The work to hand out: jobs of random size, measured in units.

export interface Job {
  /** 1, 2, 3, ... */
  readonly id: number;
  /** How many units of work the job is; its worker rings its progress doorbell once for each. */
  readonly units: number;
}

const MIN_UNITS = 20;
const MAX_UNITS = 100;

export function randomJobs(count: number): Job[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    units: MIN_UNITS + Math.floor(Math.random() * (MAX_UNITS - MIN_UNITS + 1)),
  }));
}
