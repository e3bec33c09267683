// The scenario processes the runner starts, in order. Each runs in its own child process, which
// interleaves its methods rep by rep (A B C A B C …) so that same-run ratios hold on a noisy machine.
import type { Plan } from './Plan.js';

export interface ScenarioProcess {
  /** Names the process in progress output and raw/<id>.json. */
  readonly id: string;
  readonly title: string;
  /** dist/scenarios/<module>.js, which exports `run(plan, case)`. */
  readonly module: string;
  /** Passed to run(): the `case` of its reps. */
  readonly case: string;
  /** Start the process under `taskset -c 0`: all its threads (and its children) on CPU 0. */
  readonly pinned: boolean;
  readonly execArgv: readonly string[];
  /** How many reps the runner expects, for progress output. */
  readonly reps: (plan: Plan) => number;
}

export const SCENARIOS: readonly ScenarioProcess[] = [
  {
    id: 'sender',
    title: 'sender cost: ns per notification in a worker tight loop',
    module: 'senderCost',
    case: '',
    pinned: false,
    execArgv: [],
    reps: (plan) => plan.sender.reps * 4,
  },
  {
    id: 'fan-in',
    title: 'fan-in: workers notify the main thread flat out (throughput, exactness, main-thread CPU)',
    module: 'fanIn',
    case: '',
    pinned: false,
    execArgv: [],
    reps: (plan) => plan.fanIn.reps * plan.fanIn.workers.length * 4, // the methods of scenarios/fanIn.ts
  },
  {
    id: 'latency-unpinned',
    title: 'round trip main ↔ worker, unpinned',
    module: 'latency',
    case: 'unpinned',
    pinned: false,
    execArgv: [],
    reps: (plan) => plan.latency.reps * 5,
  },
  {
    id: 'latency-pinned',
    title: 'round trip main ↔ worker, pinned (taskset -c 0)',
    module: 'latency',
    case: 'pinned',
    pinned: true,
    execArgv: [],
    reps: (plan) => plan.latency.reps * 4,
  },
  {
    id: 'flood-latency',
    title: 'latency under a flood: a ring made during a flood, until it is delivered',
    module: 'floodLatency',
    case: '',
    pinned: false,
    execArgv: [],
    reps: (plan) => plan.floodLatency.reps * 2,
  },
  {
    id: 'fromDoorbell',
    title: 'fromDoorbell cost per emission over a bare watch callback',
    module: 'fromDoorbellCost',
    case: '',
    pinned: false,
    execArgv: [],
    reps: (plan) => plan.rx.reps * 2,
  },
  {
    id: 'lifecycle',
    title: 'create / ring / close cycles: fd and RSS growth',
    module: 'lifecycle',
    case: '',
    pinned: false,
    execArgv: ['--expose-gc'],
    reps: (plan) => plan.lifecycle.reps,
  },
];
