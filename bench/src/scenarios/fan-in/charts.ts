import { barGroups, type Chart } from '../../charts.js';
import type { Rep } from '../../Rep.js';
import { barChart } from '../../svg.js';

export function fanInCharts(reps: readonly Rep[]): Chart[] {
  if (!reps.some((r) => r.scenario === 'fan-in')) return [];
  return [
    {
      file: 'throughput.svg',
      svg: barChart({
        title: 'Fan-in: workers notify the main thread flat out',
        subtitle: 'notifications received per second by the main thread; median, whiskers min–max (longer is better)',
        unit: 'M notifications/s',
        groups: barGroups(reps, 'fan-in', 'perSecond', 1e-6),
      }),
    },
    {
      file: 'cpu-per-million.svg',
      svg: barChart({
        title: 'Main-thread CPU per 1 M notifications',
        subtitle:
          "the main thread's on-CPU time (schedstat) during fan-in ÷ notifications delivered (shorter is better)",
        unit: 'CPU ms per 1 M notifications',
        groups: barGroups(reps, 'fan-in', 'cpuMsPerMillion'),
        log: true,
      }),
    },
  ];
}
