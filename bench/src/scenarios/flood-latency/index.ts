// Latency under a flood: how long a ring made during a flood takes to be delivered.
import type { Scenario } from '../../Scenario.js';
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
      reps: (plan) => plan.floodLatency.reps * 2,
    },
  ],
  references: ['doorbell-per-burst'],
  ratioMetrics: ['p50Us', 'p99Us'],
  targets: [],
  markdown: floodLatencyMarkdown,
  charts: () => [],
};
