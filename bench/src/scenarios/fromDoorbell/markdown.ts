import { ratio } from '../../format.js';
import { label } from '../../labels.js';
import { methodsOf, mid, range, repsText, table } from '../../markdown.js';
import type { Plan } from '../../Plan.js';
import type { Rep } from '../../Rep.js';
import { metricStat, pairedRatio } from '../../stats.js';

function rxTable(reps: readonly Rep[]): string {
  const rows = methodsOf(reps, 'fromDoorbell').map((method) => {
    const wall = metricStat(reps, 'fromDoorbell', '', method, 'nsPerEmission');
    const cpu = metricStat(reps, 'fromDoorbell', '', method, 'cpuNsPerEmission');
    return [
      label(method),
      mid(wall),
      range(wall),
      mid(cpu),
      ratio(pairedRatio(reps, 'fromDoorbell', '', 'nsPerEmission', method, 'watch')?.median),
    ];
  });
  return table(['delivery', 'ns per emission', 'min–max', 'main-thread CPU ns', '÷ watch'], rows);
}

export function fromDoorbellMarkdown(reps: readonly Rep[], plan: Plan): string {
  return [
    '## `fromDoorbell` cost per emission',
    '',
    `${repsText(plan.rx.reps)} × ${plan.rx.emissions.toLocaleString('en-US')} emissions per row, one thread: each delivery rings the doorbell again, so an emission is one whole trip through the event loop (ring, poll wake-up, take, callback).`,
    '',
    rxTable(reps),
  ].join('\n');
}
