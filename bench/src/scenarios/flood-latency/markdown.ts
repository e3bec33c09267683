import { label } from '../../labels.js';
import { methodsOf, mid, range, repsText, table } from '../../markdown.js';
import type { Plan } from '../../Plan.js';
import type { Rep } from '../../Rep.js';
import { metricStat } from '../../stats.js';

function floodLatencyTable(reps: readonly Rep[]): string {
  const rows = methodsOf(reps, 'flood-latency').map((method) => {
    const p50 = metricStat(reps, 'flood-latency', '', method, 'p50Us');
    const p99 = metricStat(reps, 'flood-latency', '', method, 'p99Us');
    const rate = metricStat(reps, 'flood-latency', '', method, 'perSecond');
    return [label(method), mid(p50), range(p50), mid(p99), range(p99), mid(rate, 1e-6)];
  });
  return table(['method', 'p50 µs', 'min–max', 'p99 µs', 'min–max', 'flood, M rings/s'], rows);
}

export function floodLatencyMarkdown(reps: readonly Rep[], plan: Plan): string {
  return [
    '## Latency under a flood',
    '',
    `${repsText(plan.floodLatency.reps)} per row. One worker rings a doorbell flat out for ${plan.floodLatency.ringMs} ms; every ${plan.floodLatency.probeEveryMs} ms the main thread rings it once more from inside a delivery (the worst moment: the ring has just missed a take) and times how long until the next count arrives, which includes it. This is what \`pollUnderLoad\` costs: under a flood the receiver takes rings on a 1 ms timer, so such a ring waits for the next tick; with \`pollUnderLoad: false\` the receiver is woken for every burst, and its thread is busy most of the time.`,
    '',
    floodLatencyTable(reps),
  ].join('\n');
}
