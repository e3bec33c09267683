import { num, ratio } from '../../format.js';
import { metricStat, pairedRatio } from '../../stats.js';
import { type Target, verdict } from '../../targets.js';

export const senderTargets: readonly Target[] = [
  {
    id: 'P1',
    what: 'sender cost, worker tight loop, doorbell already pending',
    target: '≤ 25 ns/ring; ≥ 15× cheaper than postMessage',
    judge: (reps) => {
      const cost = metricStat(reps, 'sender', '', 'doorbell-pending', 'nsPerOp');
      const vs = pairedRatio(reps, 'sender', '', 'nsPerOp', 'postMessage', 'doorbell-pending');
      if (!cost || !vs) return undefined;
      return {
        figure: `${num(cost.median)} ns/ring; postMessage ÷ doorbell = ${ratio(vs.median)}`,
        status: verdict(cost.median <= 25 && vs.median >= 15),
      };
    },
  },
];
