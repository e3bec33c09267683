// Sender cost: ns per notification in a worker's tight loop, for each way of notifying.
import type { Scenario } from '../../Scenario.js';
import { senderCharts } from './charts.js';
import { senderMarkdown } from './markdown.js';
import { METHODS } from './methods.js';
import { senderTargets } from './targets.js';

export const sender: Scenario = {
  id: 'sender',
  folder: 'sender',
  processes: [
    {
      id: 'sender',
      title: 'sender cost: ns per notification in a worker tight loop',
      case: '',
      pinned: false,
      execArgv: [],
      reps: (plan) => plan.sender.reps * METHODS.length,
    },
  ],
  references: ['postMessage', 'atomics-add'],
  ratioMetrics: ['nsPerOp'],
  targets: senderTargets,
  markdown: senderMarkdown,
  charts: senderCharts,
};
