import { num } from '../../format.js';
import { signed } from '../../markdown.js';
import { select } from '../../stats.js';
import { type Target, verdict } from '../../targets.js';

export const lifecycleTargets: readonly Target[] = [
  {
    id: 'P6',
    what: '100,000 create/ring/close cycles',
    target: '0 fds leaked, RSS growth < 10 MB, in the first run too; no slower create()',
    judge: (reps) => {
      const runs = select(reps, 'lifecycle', '', 'doorbell');
      if (runs.length === 0) return undefined;
      const leaked = Math.max(...runs.map((r) => Number(r.metrics.fdsLeaked)));
      const growth = Math.max(...runs.map((r) => Number(r.metrics.rssGrowthMB)));
      const first = runs[0]!.metrics;
      const last = runs[runs.length - 1]!.metrics;
      const create = Math.max(...runs.map((r) => Number(r.metrics.usPerCreate)));
      const cycles = Math.min(...runs.map((r) => Number(r.metrics.cycles)));
      const short = cycles < 100_000 ? ` (only ${cycles.toLocaleString('en-US')} cycles)` : '';
      return {
        figure:
          `worst of ${runs.length} consecutive runs: ${leaked} fds leaked, RSS ${growth >= 0 ? '+' : ''}${num(growth)} MB${short}; ` +
          `first run: RSS ${signed(Number(first.rssGrowthMB))} MB; last run: RSS ${signed(Number(last.rssGrowthMB))} MB, ` +
          `V8 heap used ${signed(Number(last.heapUsedGrowthMB))} MB; create() ≤ ${num(create)} µs (compare with the previous run)`,
        status: cycles < 100_000 ? 'not measured' : verdict(leaked === 0 && growth < 10),
      };
    },
  },
];
