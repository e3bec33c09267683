import { color, label } from '../../labels.js';
import { DEFAULT, holdPeriodOf } from './methods.js';

/** A hold method's name (`hold every 250 µs`); any other method's from labels.ts. */
export function floodLabel(method: string): string {
  if (method === DEFAULT) return 'doorbell, default hold (1 ms)';
  const period = holdPeriodOf(method);
  return period === undefined ? label(method) : `doorbell, hold every ${period} µs`;
}

const HOLD_COLORS = ['#862e9c', '#ae3ec9', '#da77f2', '#e599f7'];

export function floodColor(method: string, index: number): string {
  return holdPeriodOf(method) === undefined ? color(method) : HOLD_COLORS[index % HOLD_COLORS.length]!;
}
