import { num, ratio } from '../../format.js';
import { metricStat, pairedRatio } from '../../stats.js';
import { type Target, verdict } from '../../targets.js';

export const latencyTargets: readonly Target[] = [
  {
    id: 'P4',
    what: 'round trip main ↔ worker, pinned to one CPU',
    target: 'p50 ≤ 1.4× the C same-CPU eventfd floor; ≥ 2.5× faster than postMessage',
    judge: (reps) => {
      const p50 = metricStat(reps, 'latency', 'pinned', 'doorbell', 'p50Us');
      const vsC = pairedRatio(reps, 'latency', 'pinned', 'p50Us', 'doorbell', 'c-eventfd');
      const vsPost = pairedRatio(reps, 'latency', 'pinned', 'p50Us', 'postMessage', 'doorbell');
      if (!p50 || !vsC || !vsPost) return undefined;
      return {
        figure: `p50 ${num(p50.median)} µs = ${ratio(vsC.median)} the C floor; postMessage ÷ doorbell = ${ratio(vsPost.median)}`,
        status: verdict(vsC.median <= 1.4 && vsPost.median >= 2.5),
      };
    },
  },

  {
    id: 'P4b',
    what: 'round trip main ↔ worker, pinned, against a libuv floor (two threads, own uv loops, uv_poll on eventfds)',
    target: 'p50 ≤ 1.3× the libuv floor',
    judge: (reps) => {
      const p50 = metricStat(reps, 'latency', 'pinned', 'doorbell', 'p50Us');
      const floor = metricStat(reps, 'latency', 'pinned', 'c-libuv', 'p50Us');
      const vs = pairedRatio(reps, 'latency', 'pinned', 'p50Us', 'doorbell', 'c-libuv');
      if (!p50 || !floor || !vs) return undefined;
      return {
        figure: `p50 ${num(p50.median)} µs vs ${num(floor.median)} µs = ${ratio(vs.median)} the libuv floor`,
        status: verdict(vs.median <= 1.3),
      };
    },
  },
];
