import { num, ratio } from '../../format.js';
import { metricStat, pairedRatio } from '../../stats.js';
import { type Target, verdict } from '../../targets.js';

export const fromDoorbellTargets: readonly Target[] = [
  {
    id: 'P5',
    what: '`fromDoorbell` cost per emission over a bare `watch` callback',
    target: '≤ 1.2×',
    judge: (reps) => {
      const vs = pairedRatio(reps, 'fromDoorbell', '', 'nsPerEmission', 'fromDoorbell', 'watch');
      const rx = metricStat(reps, 'fromDoorbell', '', 'fromDoorbell', 'nsPerEmission');
      const bare = metricStat(reps, 'fromDoorbell', '', 'watch', 'nsPerEmission');
      if (!vs || !rx || !bare) return undefined;
      return {
        figure: `${num(rx.median)} vs ${num(bare.median)} ns per emission = ${ratio(vs.median)}`,
        status: verdict(vs.median <= 1.2),
      };
    },
  },
];
