import type { Chart } from '../../charts.js';
import { methodsOf } from '../../markdown.js';
import type { Rep } from '../../Rep.js';
import { metricStat } from '../../stats.js';
import { tradeOffChart } from '../../svg.js';
import { DEFAULT, holdPeriodOf, PER_BURST } from './methods.js';
import { floodColor, floodLabel } from './names.js';

/** The flood hold's trade-off: receiving thread CPU against the latency of a ring made in a flood. */
export function floodCharts(reps: readonly Rep[]): Chart[] {
  const measured = methodsOf(reps, 'flood-latency');
  if (measured.length === 0) return [];
  // With periods measured, the default (a 1 ms hold) would sit on the 1000 µs point: leave it out.
  const methods = measured.some((m) => holdPeriodOf(m) !== undefined)
    ? measured.filter((m) => m !== DEFAULT)
    : measured;
  // Along the curve: woken for every burst, then the holds from the shortest period to the longest.
  const order = (m: string) => (m === PER_BURST ? -1 : (holdPeriodOf(m) ?? 1000.5));
  const points = [...methods]
    .sort((a, b) => order(a) - order(b))
    .flatMap((method, i) => {
      const cpu = metricStat(reps, 'flood-latency', '', method, 'cpuPercent');
      const p50 = metricStat(reps, 'flood-latency', '', method, 'p50Us');
      if (!cpu || !p50) return [];
      return [{ label: floodLabel(method), color: floodColor(method, i), x: cpu.median, y: p50.median }];
    });
  return [
    {
      file: 'flood-hold.svg',
      svg: tradeOffChart({
        title: 'The flood hold: receiving thread CPU against the latency of a ring made during a flood',
        subtitle: 'one worker rings flat out; medians over reps (down and to the left is better)',
        xLabel: "receiving thread's CPU during the flood, % of one core",
        yLabel: 'ring → delivery p50, µs',
        points,
      }),
    },
  ];
}
