// The targets P1–P6 of /work/shared/BENCHMARKS.md, judged on one run's figures.
import { num, ratio } from './format.js';
import type { Rep } from './Rep.js';
import { metricStat, pairedRatio, select } from './stats.js';

export interface TargetResult {
  readonly id: string;
  readonly what: string;
  readonly target: string;
  readonly figure: string;
  readonly status: 'met' | 'not met' | 'not measured';
}

const signed = (n: number) => `${n >= 0 ? '+' : ''}${num(n)}`;
const judge = (ok: boolean): TargetResult['status'] => (ok ? 'met' : 'not met');

export function evaluateTargets(reps: readonly Rep[]): TargetResult[] {
  const results: TargetResult[] = [];
  const add = (
    id: string,
    what: string,
    target: string,
    compute: () => Pick<TargetResult, 'figure' | 'status'> | undefined,
  ) => {
    results.push({ id, what, target, ...(compute() ?? { figure: '—', status: 'not measured' }) });
  };

  add(
    'P1',
    'sender cost, worker tight loop, doorbell already pending',
    '≤ 25 ns/ring; ≥ 15× cheaper than postMessage',
    () => {
      const cost = metricStat(reps, 'sender', '', 'doorbell-pending', 'nsPerOp');
      const vs = pairedRatio(reps, 'sender', '', 'nsPerOp', 'postMessage', 'doorbell-pending');
      if (!cost || !vs) return undefined;
      return {
        figure: `${num(cost.median)} ns/ring; postMessage ÷ doorbell = ${ratio(vs.median)}`,
        status: judge(cost.median <= 25 && vs.median >= 15),
      };
    },
  );

  add('P2', 'fan-in, 2 workers ringing flat out → main, exact sum', "≥ 20× postMessage's notifications/s", () => {
    const vs = pairedRatio(reps, 'fan-in', '2 workers', 'perSecond', 'doorbell', 'postMessage');
    const doorbell = select(reps, 'fan-in', '2 workers', 'doorbell');
    if (!vs || doorbell.length === 0) return undefined;
    const exact = doorbell.filter((r) => r.metrics.exact === true).length;
    const rate = metricStat(reps, 'fan-in', '2 workers', 'doorbell', 'perSecond')!;
    return {
      figure: `${num(rate.median / 1e6)} M/s = ${ratio(vs.median)} postMessage; exact in ${exact}/${doorbell.length} reps`,
      status: judge(vs.median >= 20 && exact === doorbell.length),
    };
  });

  add(
    'P3',
    'main-thread CPU per 1 M rings delivered (fan-in, 2 workers)',
    "≤ 1/50 of postMessage's per 1 M messages",
    () => {
      const vs = pairedRatio(reps, 'fan-in', '2 workers', 'cpuMsPerMillion', 'postMessage', 'doorbell');
      const cpu = metricStat(reps, 'fan-in', '2 workers', 'doorbell', 'cpuMsPerMillion');
      if (!vs || !cpu) return undefined;
      return {
        figure: `${num(cpu.median)} ms per 1 M; postMessage ÷ doorbell = ${ratio(vs.median)}`,
        status: judge(vs.median >= 50),
      };
    },
  );

  add(
    'P4',
    'round trip main ↔ worker, pinned to one CPU',
    'p50 ≤ 1.4× the C same-CPU eventfd floor; ≥ 2.5× faster than postMessage',
    () => {
      const p50 = metricStat(reps, 'latency', 'pinned', 'doorbell', 'p50Us');
      const vsC = pairedRatio(reps, 'latency', 'pinned', 'p50Us', 'doorbell', 'c-eventfd');
      const vsPost = pairedRatio(reps, 'latency', 'pinned', 'p50Us', 'postMessage', 'doorbell');
      if (!p50 || !vsC || !vsPost) return undefined;
      return {
        figure: `p50 ${num(p50.median)} µs = ${ratio(vsC.median)} the C floor; postMessage ÷ doorbell = ${ratio(vsPost.median)}`,
        status: judge(vsC.median <= 1.4 && vsPost.median >= 2.5),
      };
    },
  );

  add('P5', '`fromDoorbell` cost per emission over a bare `watch` callback', '≤ 1.2×', () => {
    const vs = pairedRatio(reps, 'fromDoorbell', '', 'nsPerEmission', 'fromDoorbell', 'watch');
    const rx = metricStat(reps, 'fromDoorbell', '', 'fromDoorbell', 'nsPerEmission');
    const bare = metricStat(reps, 'fromDoorbell', '', 'watch', 'nsPerEmission');
    if (!vs || !rx || !bare) return undefined;
    return {
      figure: `${num(rx.median)} vs ${num(bare.median)} ns per emission = ${ratio(vs.median)}`,
      status: judge(vs.median <= 1.2),
    };
  });

  add('P6', '100,000 create/ring/close cycles', '0 fds leaked, RSS growth < 10 MB', () => {
    const runs = select(reps, 'lifecycle', '', 'doorbell');
    if (runs.length === 0) return undefined;
    const leaked = Math.max(...runs.map((r) => Number(r.metrics.fdsLeaked)));
    const growth = Math.max(...runs.map((r) => Number(r.metrics.rssGrowthMB)));
    const last = runs[runs.length - 1]!.metrics;
    const cycles = Math.min(...runs.map((r) => Number(r.metrics.cycles)));
    const short = cycles < 100_000 ? ` (only ${cycles.toLocaleString('en-US')} cycles)` : '';
    return {
      figure:
        `worst of ${runs.length} consecutive runs: ${leaked} fds leaked, RSS ${growth >= 0 ? '+' : ''}${num(growth)} MB${short}; ` +
        `last run: RSS ${signed(Number(last.rssGrowthMB))} MB, V8 heap used ${signed(Number(last.heapUsedGrowthMB))} MB`,
      status: cycles < 100_000 ? 'not measured' : judge(leaked === 0 && growth < 10),
    };
  });

  return results;
}
