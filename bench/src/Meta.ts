// What a results directory says about the run that made it.
import type { Plan } from './Plan.js';

export interface Meta {
  /** ISO time the run started. */
  date: string;
  mode: 'quick' | 'full';
  node: string;
  kernel: string;
  cpus: string;
  /** 1, 5 and 15 minute load averages when the run started and ended. */
  loadBefore: string;
  loadAfter: string;
  /** The commit the library was built from, and whether packages/ had uncommitted changes. */
  library: string;
  plan: Plan;
  seconds: number;
  /** Scenario processes that failed. */
  failures: string[];
  notes: string[];
}
