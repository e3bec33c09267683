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
  {
    id: 'P1b',
    what: 'coalesced ring (doorbell already pending) against a bare `Atomics.add`, same run',
    target: '≤ 1.25× (and P1 still ≥ 15× cheaper than postMessage)',
    judge: (reps) => {
      const cost = metricStat(reps, 'sender', '', 'doorbell-pending', 'nsPerOp');
      const add = metricStat(reps, 'sender', '', 'atomics-add', 'nsPerOp');
      const vs = pairedRatio(reps, 'sender', '', 'nsPerOp', 'doorbell-pending', 'atomics-add');
      const vsPost = pairedRatio(reps, 'sender', '', 'nsPerOp', 'postMessage', 'doorbell-pending');
      if (!cost || !add || !vs || !vsPost) return undefined;
      return {
        figure: `${num(cost.median)} vs ${num(add.median)} ns = ${ratio(vs.median)} Atomics.add; postMessage ÷ doorbell = ${ratio(vsPost.median)}`,
        status: verdict(vs.median <= 1.25 && vsPost.median >= 15),
      };
    },
  },
];
