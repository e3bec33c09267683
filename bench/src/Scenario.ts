// What a scenario folder (src/scenarios/<folder>/) gives the runner: the processes to start, and
// the writers of its part of the results (markdown section, charts, targets, summary extras).
// Adding a scenario is a new folder and one line in scenarios.ts.
import type { Chart } from './charts.js';
import type { Plan } from './Plan.js';
import type { Rep } from './Rep.js';
import type { Target } from './targets.js';

/** One child process of a scenario: `node child.js <folder> <case> <plan>`. */
export interface ScenarioProcess {
  /** Names the process in progress output and in --only. */
  readonly id: string;
  readonly title: string;
  /** Passed to the folder's run(): the `case` of its reps. */
  readonly case: string;
  /** Start the process under `taskset -c 0`: all its threads (and its children) on CPU 0. */
  readonly pinned: boolean;
  readonly execArgv: readonly string[];
  /** How many reps the runner expects, for progress output. */
  readonly reps: (plan: Plan) => number;
}

export interface Scenario {
  /** The `scenario` of its reps; raw/<id>.json. */
  readonly id: string;
  /** dist/scenarios/<folder>/run.js exports `run(plan, case)`. */
  readonly folder: string;
  readonly processes: readonly ScenarioProcess[];
  /** Runs in the runner before any process of it starts; returns notes (e.g. a C floor not compiled). */
  readonly prepare?: () => Promise<readonly string[]>;
  /** The methods every other method's figures are divided by, same run, in summary.json. */
  readonly references: readonly string[];
  /** The metrics worth a same-run ratio in summary.json. */
  readonly ratioMetrics: readonly string[];
  readonly targets: readonly Target[];
  /** Its section of results.md, from its `## ` heading on. */
  readonly markdown: (reps: readonly Rep[], plan: Plan) => string;
  readonly charts: (reps: readonly Rep[]) => readonly Chart[];
  /** Extra top-level keys of summary.json (e.g. latencyCdf). */
  readonly summary?: (reps: readonly Rep[]) => Record<string, unknown>;
}
