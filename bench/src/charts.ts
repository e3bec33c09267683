// What every scenario's charts share: the Chart a scenario returns, bar groups of one metric per
// case and method, and the CDF of a latency scenario's samples.
import { color, label } from './labels.js';
import { casesOf, methodsOf } from './markdown.js';
import type { Rep } from './Rep.js';
import { medianQuantiles, metricStat, select } from './stats.js';
import type { BarGroup } from './svg.js';

export interface Chart {
  readonly file: string;
  readonly svg: string;
}

/** The CDF is drawn through these quantiles, each the median across reps (Vincentised). */
const CDF_QUANTILES: readonly number[] = [
  0.001,
  0.005,
  ...Array.from({ length: 99 }, (_, i) => (i + 1) / 100),
  0.995,
  0.999,
];

/** One group per case, one bar per method: the median of `metric` × `scale`, whiskers min–max. */
export function barGroups(reps: readonly Rep[], scenario: string, metric: string, scale = 1): BarGroup[] {
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

export type Cdfs = Record<string, Record<string, { q: readonly number[]; us: number[] }>>;

/** Per case, per method: the quantiles of its samples (ns) in µs. */
export function cdfs(reps: readonly Rep[], scenario: string): Cdfs {
  const result: Cdfs = {};
  for (const kase of casesOf(reps, scenario)) {
    result[kase] = {};
    for (const method of methodsOf(reps, scenario)) {
      const ns = medianQuantiles(select(reps, scenario, kase, method), CDF_QUANTILES);
      if (ns) result[kase][method] = { q: CDF_QUANTILES, us: ns.map((x) => x / 1000) };
    }
  }
  return result;
}
