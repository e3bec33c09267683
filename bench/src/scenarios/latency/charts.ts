import { type Cdfs, type Chart, cdfs } from '../../charts.js';
import { color, label } from '../../labels.js';
import type { Rep } from '../../Rep.js';
import { cdfChart } from '../../svg.js';

/** Per case, per method: the quantiles of its round trips in µs (summary.json's latencyCdf). */
export const latencyCdf = (reps: readonly Rep[]): Cdfs => cdfs(reps, 'latency');

export function latencyCharts(reps: readonly Rep[]): Chart[] {
  return Object.entries(latencyCdf(reps)).map(([kase, methods]) => ({
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
  }));
}
