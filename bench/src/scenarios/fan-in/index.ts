// Fan-in: 1 or 2 workers notify the main thread flat out: throughput, exactness, main-thread CPU.
import type { Scenario } from '../../Scenario.js';
import { fanInCharts } from './charts.js';
import { fanInMarkdown } from './markdown.js';
import { METHODS } from './methods.js';
import { fanInTargets } from './targets.js';

export const fanIn: Scenario = {
  id: 'fan-in',
  folder: 'fan-in',
  processes: [
    {
      id: 'fan-in',
      title: 'fan-in: workers notify the main thread flat out (throughput, exactness, main-thread CPU)',
      case: '',
      pinned: false,
      execArgv: [],
      reps: (plan) => plan.fanIn.reps * plan.fanIn.workers.length * METHODS.length,
    },
  ],
  references: ['postMessage', 'atomics'],
  ratioMetrics: ['perSecond', 'cpuMsPerMillion'],
  targets: fanInTargets,
  markdown: fanInMarkdown,
  charts: fanInCharts,
};
