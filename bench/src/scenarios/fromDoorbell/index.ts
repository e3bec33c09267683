// fromDoorbell's cost per emission over a bare watch callback.
import type { Scenario } from '../../Scenario.js';
import { fromDoorbellMarkdown } from './markdown.js';
import { fromDoorbellTargets } from './targets.js';

export const fromDoorbell: Scenario = {
  id: 'fromDoorbell',
  folder: 'fromDoorbell',
  processes: [
    {
      id: 'fromDoorbell',
      title: 'fromDoorbell cost per emission over a bare watch callback',
      case: '',
      pinned: false,
      execArgv: [],
      reps: (plan) => plan.rx.reps * 2,
    },
  ],
  references: ['watch'],
  ratioMetrics: ['nsPerEmission', 'cpuNsPerEmission'],
  targets: fromDoorbellTargets,
  markdown: fromDoorbellMarkdown,
  charts: () => [],
};
