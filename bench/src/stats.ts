// Medians, ranges, quantiles and same-run ratios over reps.
import type { Rep } from './Rep.js';

export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The q-quantile (0..1) of ascending `sorted`, interpolating linearly; NaN when empty. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function stat(values: readonly number[]): Stat | undefined {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return undefined;
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), n: finite.length };
}

/** Selects reps; `case` undefined matches any. */
export function select(reps: readonly Rep[], scenario: string, kase: string, method: string): Rep[] {
  return reps.filter((r) => r.scenario === scenario && r.case === kase && r.method === method);
}

/** Median, min and max of one metric over the reps of one method. */
export function metricStat(
  reps: readonly Rep[],
  scenario: string,
  kase: string,
  method: string,
  metric: string,
): Stat | undefined {
  return stat(select(reps, scenario, kase, method).map((r) => Number(r.metrics[metric])));
}

/**
 * The same-run ratio a ÷ b of one metric: a/b within each rep number (the two ran next to each
 * other), then the median, min and max of those ratios. Pairing cancels the machine's drift.
 */
export function pairedRatio(
  reps: readonly Rep[],
  scenario: string,
  kase: string,
  metric: string,
  a: string,
  b: string,
): Stat | undefined {
  const bs = new Map(select(reps, scenario, kase, b).map((r) => [r.rep, Number(r.metrics[metric])]));
  const ratios = select(reps, scenario, kase, a)
    .filter((r) => bs.has(r.rep))
    .map((r) => Number(r.metrics[metric]) / bs.get(r.rep)!);
  return stat(ratios);
}

/** The quantiles at `qs` of each rep's samples, then the median across reps at each q. */
export function medianQuantiles(reps: readonly Rep[], qs: readonly number[]): number[] | undefined {
  const perRep = reps
    .filter((r) => r.samples && r.samples.length > 0)
    .map((r) => {
      const sorted = [...r.samples!].sort((x, y) => x - y);
      return qs.map((q) => quantile(sorted, q));
    });
  if (perRep.length === 0) return undefined;
  return qs.map((_, i) => median(perRep.map((row) => row[i]!)));
}

/** Latency summary of raw samples (ns) in µs. */
export function latencyMetrics(samplesNs: readonly number[]): Record<string, number> {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const us = (q: number) => quantile(sorted, q) / 1000;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length / 1000;
  return {
    p50Us: us(0.5),
    p90Us: us(0.9),
    p99Us: us(0.99),
    p999Us: us(0.999),
    minUs: us(0),
    meanUs: mean,
    roundTrips: sorted.length,
  };
}
