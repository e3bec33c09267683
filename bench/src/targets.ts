// A target of /work/shared/BENCHMARKS.md and how a run is judged against it. Each scenario owns
// its targets (src/scenarios/<folder>/targets.ts); this file only evaluates them.
import type { Rep } from './Rep.js';

export type TargetStatus = 'met' | 'not met' | 'not measured';

export interface Target {
  readonly id: string;
  readonly what: string;
  readonly target: string;
  /** The figure and verdict from a run's reps; undefined when the run did not measure it. */
  readonly judge: (reps: readonly Rep[]) => { figure: string; status: TargetStatus } | undefined;
}

export interface TargetResult {
  readonly id: string;
  readonly what: string;
  readonly target: string;
  readonly figure: string;
  readonly status: TargetStatus;
}

export const verdict = (ok: boolean): TargetStatus => (ok ? 'met' : 'not met');

export function evaluateTargets(targets: readonly Target[], reps: readonly Rep[]): TargetResult[] {
  return targets.map(({ id, what, target, judge }) => ({
    id,
    what,
    target,
    ...(judge(reps) ?? { figure: '—', status: 'not measured' as const }),
  }));
}
