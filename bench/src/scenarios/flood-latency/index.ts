// Latency under a flood: how long a ring made during a flood takes to be delivered, and what the
// receiving thread's CPU buys it, at each flood-hold period.
import type { Scenario } from '../../Scenario.js';
import { floodCharts } from './charts.js';
import { floodLatencyMarkdown } from './markdown.js';

export const floodLatency: Scenario = {
  id: 'flood-latency',
  folder: 'flood-latency',
  processes: [
    {
      id: 'flood-latency',
      title: 'latency under a flood: a ring made during a flood, until it is delivered',
      case: '',
      pinned: false,
      execArgv: [],
      // Without the period option in core, only the first two run.
      reps: (plan) => plan.floodLatency.reps * (2 + plan.floodLatency.holdPeriodsUs.length),
    },
  ],
  references: ['doorbell-per-burst'],
  ratioMetrics: ['p50Us', 'p99Us', 'cpuPercent'],
  targets: [],
  markdown: floodLatencyMarkdown,
  charts: floodCharts,
};
