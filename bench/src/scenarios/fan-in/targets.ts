import { num, ratio } from '../../format.js';
import { metricStat, pairedRatio, select } from '../../stats.js';
import { type Target, verdict } from '../../targets.js';

export const fanInTargets: readonly Target[] = [
  {
    id: 'P2',
    what: 'fan-in, 2 workers ringing flat out → main, exact sum',
    target: "≥ 20× postMessage's notifications/s",
    judge: (reps) => {
      const vs = pairedRatio(reps, 'fan-in', '2 workers', 'perSecond', 'doorbell', 'postMessage');
      const doorbell = select(reps, 'fan-in', '2 workers', 'doorbell');
      if (!vs || doorbell.length === 0) return undefined;
      const exact = doorbell.filter((r) => r.metrics.exact === true).length;
      const rate = metricStat(reps, 'fan-in', '2 workers', 'doorbell', 'perSecond')!;
      return {
        figure: `${num(rate.median / 1e6)} M/s = ${ratio(vs.median)} postMessage; exact in ${exact}/${doorbell.length} reps`,
        status: verdict(vs.median >= 20 && exact === doorbell.length),
      };
    },
  },
  {
    id: 'P3',
    what: 'main-thread CPU per 1 M rings delivered (fan-in, 2 workers)',
    target: "≤ 1/50 of postMessage's per 1 M messages",
    judge: (reps) => {
      const vs = pairedRatio(reps, 'fan-in', '2 workers', 'cpuMsPerMillion', 'postMessage', 'doorbell');
      const cpu = metricStat(reps, 'fan-in', '2 workers', 'doorbell', 'cpuMsPerMillion');
      if (!vs || !cpu) return undefined;
      return {
        figure: `${num(cpu.median)} ms per 1 M; postMessage ÷ doorbell = ${ratio(vs.median)}`,
        status: verdict(vs.median >= 50),
      };
    },
  },
];
