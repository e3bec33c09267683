// The charts of a run: latency CDFs, fan-in throughput, main-thread CPU, sender cost.
import { color, label } from './labels.js';
import type { Rep } from './Rep.js';
import { medianQuantiles, metricStat, select } from './stats.js';
import { type BarGroup, barChart, cdfChart } from './svg.js';

export interface Chart {
  readonly file: string;
  readonly svg: string;
}

/** The CDF is drawn through these quantiles, each the median across reps (Vincentised). */
export const CDF_QUANTILES: readonly number[] = [
  0.001,
  0.005,
  ...Array.from({ length: 99 }, (_, i) => (i + 1) / 100),
  0.995,
  0.999,
];

const methodsOf = (reps: readonly Rep[], scenario: string) => [
  ...new Set(reps.filter((r) => r.scenario === scenario).map((r) => r.method)),
];
const casesOf = (reps: readonly Rep[], scenario: string) => [
  ...new Set(reps.filter((r) => r.scenario === scenario).map((r) => r.case)),
];

function groups(reps: readonly Rep[], scenario: string, metric: string, scale = 1): BarGroup[] {
  return casesOf(reps, scenario).map((kase) => ({
    label: kase || scenario,
    bars: methodsOf(reps, scenario).flatMap((method) => {
      const s = metricStat(reps, scenario, kase, method, metric);
      return s
        ? [
            {
              label: label(method),
              median: s.median * scale,
              min: s.min * scale,
              max: s.max * scale,
              color: color(method),
            },
          ]
        : [];
    }),
  }));
}

/** Per case of the latency scenario, per method: the quantiles of its round trips in µs. */
export function latencyCdfs(
  reps: readonly Rep[],
): Record<string, Record<string, { q: readonly number[]; us: number[] }>> {
  const result: Record<string, Record<string, { q: readonly number[]; us: number[] }>> = {};
  for (const kase of casesOf(reps, 'latency')) {
    result[kase] = {};
    for (const method of methodsOf(reps, 'latency')) {
      const ns = medianQuantiles(select(reps, 'latency', kase, method), CDF_QUANTILES);
      if (ns) result[kase][method] = { q: CDF_QUANTILES, us: ns.map((x) => x / 1000) };
    }
  }
  return result;
}

export function charts(reps: readonly Rep[]): Chart[] {
  const out: Chart[] = [];
  const cdfs = latencyCdfs(reps);
  for (const [kase, methods] of Object.entries(cdfs)) {
    out.push({
      file: `latency-cdf-${kase}.svg`,
      svg: cdfChart({
        title: `Round trip main ↔ worker, ${kase === 'pinned' ? 'pinned to one CPU (taskset -c 0)' : 'unpinned'}`,
        subtitle: 'cumulative fraction of round trips; per quantile, the median over reps (left is faster)',
        xLabel: 'round trip, µs',
        series: Object.entries(methods).map(([method, { q, us }]) => ({
          label: label(method),
          color: color(method),
          points: us.map((x, i) => [x, q[i]!] as const),
        })),
      }),
    });
  }
  if (reps.some((r) => r.scenario === 'fan-in')) {
    out.push({
      file: 'throughput.svg',
      svg: barChart({
        title: 'Fan-in: workers notify the main thread flat out',
        subtitle: 'notifications received per second by the main thread; median, whiskers min–max (longer is better)',
        unit: 'M notifications/s',
        groups: groups(reps, 'fan-in', 'perSecond', 1e-6),
      }),
    });
    out.push({
      file: 'cpu-per-million.svg',
      svg: barChart({
        title: 'Main-thread CPU per 1 M notifications',
        subtitle:
          "the main thread's on-CPU time (schedstat) during fan-in ÷ notifications delivered (shorter is better)",
        unit: 'CPU ms per 1 M notifications',
        groups: groups(reps, 'fan-in', 'cpuMsPerMillion'),
        log: true,
      }),
    });
  }
  if (reps.some((r) => r.scenario === 'sender')) {
    out.push({
      file: 'sender-cost.svg',
      svg: barChart({
        title: 'Sender cost in a worker tight loop',
        subtitle: 'ns per notification; median, whiskers min–max (shorter is better)',
        unit: 'ns per notification',
        groups: groups(reps, 'sender', 'nsPerOp').map((g) => ({ ...g, label: 'worker tight loop' })),
        log: true,
      }),
    });
  }
  return out;
}
