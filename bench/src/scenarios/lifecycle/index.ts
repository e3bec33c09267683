// Lifecycle: create / ring / close cycles must leave no fds behind and not grow the process.
import type { Scenario } from '../../Scenario.js';
import { lifecycleMarkdown } from './markdown.js';
import { lifecycleTargets } from './targets.js';

export const lifecycle: Scenario = {
  id: 'lifecycle',
  folder: 'lifecycle',
  processes: [
    {
      id: 'lifecycle',
      title: 'create / ring / close cycles: fd and RSS growth',
      case: '',
      pinned: false,
      execArgv: ['--expose-gc'],
      reps: (plan) => plan.lifecycle.reps,
    },
    {
      id: 'lifecycle-atomics',
      title: "create / ring / close cycles, backend 'atomics': RSS growth",
      case: 'atomics',
      pinned: false,
      execArgv: ['--expose-gc'],
      reps: (plan) => plan.lifecycle.reps,
    },
  ],
  references: [],
  ratioMetrics: [],
  targets: lifecycleTargets,
  markdown: lifecycleMarkdown,
  charts: () => [],
};
