import { barGroups, type Chart } from '../../charts.js';
import type { Rep } from '../../Rep.js';
import { barChart } from '../../svg.js';

export function senderCharts(reps: readonly Rep[]): Chart[] {
  if (!reps.some((r) => r.scenario === 'sender')) return [];
  return [
    {
      file: 'sender-cost.svg',
      svg: barChart({
        title: 'Sender cost in a worker tight loop',
        subtitle: 'ns per notification; median, whiskers min–max (shorter is better)',
        unit: 'ns per notification',
        groups: barGroups(reps, 'sender', 'nsPerOp').map((g) => ({ ...g, label: 'worker tight loop' })),
        log: true,
      }),
    },
  ];
}
