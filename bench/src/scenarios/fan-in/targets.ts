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
    id: 'P2b',
    what: 'fan-in → main against `Atomics.notify`/`waitAsync`, 1 and 2 workers, exact sum',
    target: '≥ 1× its notifications/s with 1 and with 2 workers; exact in every rep',
    judge: (reps) => {
      const cases = ['1 worker', '2 workers'].map((kase) => {
        const vs = pairedRatio(reps, 'fan-in', kase, 'perSecond', 'doorbell', 'atomics');
        const doorbell = select(reps, 'fan-in', kase, 'doorbell');
        const exact = doorbell.filter((r) => r.metrics.exact === true).length;
        return { kase, vs, exact, of: doorbell.length };
      });
      if (cases.some((c) => !c.vs || c.of === 0)) return undefined;
      return {
        figure: cases.map((c) => `${c.kase}: ${ratio(c.vs!.median)} Atomics, exact in ${c.exact}/${c.of}`).join('; '),
        status: verdict(cases.every((c) => c.vs!.median >= 1 && c.exact === c.of)),
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
