// Round trip main → worker → main against the C floors; unpinned, and pinned to one CPU.
import type { Scenario } from '../../Scenario.js';
import { compileCFloors } from './cFloor.js';
import { latencyCharts, latencyCdf } from './charts.js';
import { latencyMarkdown } from './markdown.js';
import { METHODS } from './methods.js';
import { latencyTargets } from './targets.js';

export const latency: Scenario = {
  id: 'latency',
  folder: 'latency',
  processes: [
    {
      id: 'latency-unpinned',
      title: 'round trip main ↔ worker, unpinned',
      case: 'unpinned',
      pinned: false,
      execArgv: [],
      reps: (plan) => plan.latency.reps * METHODS.length,
    },
    {
      id: 'latency-pinned',
      title: 'round trip main ↔ worker, pinned (taskset -c 0)',
      case: 'pinned',
      pinned: true,
      execArgv: [],
      reps: (plan) => plan.latency.reps * (METHODS.length - 1), // no c-eventfd-split on one CPU
    },
  ],
  prepare: compileCFloors,
  references: ['postMessage', 'atomics', 'c-eventfd', 'c-libuv'],
  ratioMetrics: ['p50Us', 'p99Us'],
  targets: latencyTargets,
  markdown: latencyMarkdown,
  charts: latencyCharts,
  summary: (reps) => ({ latencyCdf: latencyCdf(reps) }),
};
