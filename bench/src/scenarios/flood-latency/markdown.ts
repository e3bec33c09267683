import { methodsOf, mid, range, repsText, table } from '../../markdown.js';
import type { Plan } from '../../Plan.js';
import type { Rep } from '../../Rep.js';
import { metricStat } from '../../stats.js';
import { HOLD_PERIOD_OPTION } from './holdPeriod.js';
import { floodLabel } from './names.js';

function floodLatencyTable(reps: readonly Rep[]): string {
  const rows = methodsOf(reps, 'flood-latency').map((method) => {
    const p50 = metricStat(reps, 'flood-latency', '', method, 'p50Us');
    const p99 = metricStat(reps, 'flood-latency', '', method, 'p99Us');
    const rate = metricStat(reps, 'flood-latency', '', method, 'perSecond');
    const cpu = metricStat(reps, 'flood-latency', '', method, 'cpuPercent');
    const wakeups = metricStat(reps, 'flood-latency', '', method, 'wakeupsPerSecond');
    return [floodLabel(method), mid(p50), range(p50), mid(p99), range(p99), mid(cpu), mid(wakeups), mid(rate, 1e-6)];
  });
  return table(
    ['method', 'p50 µs', 'min–max', 'p99 µs', 'min–max', 'receiving thread CPU %', 'deliveries/s', 'flood, M rings/s'],
    rows,
  );
}

export function floodLatencyMarkdown(reps: readonly Rep[], plan: Plan): string {
  const { reps: n, ringMs, probeEveryMs, holdPeriodsUs } = plan.floodLatency;
  return [
    "## Latency under a flood, and the flood hold's period",
    '',
    `${repsText(n)} per row. One worker rings a doorbell flat out for ${ringMs} ms; every ${probeEveryMs} ms the main thread rings it once more from inside a delivery (the worst moment: the ring has just missed a take) and times how long until the next count arrives, which includes it; the main thread's own CPU time over the flood is measured alongside (schedstat). This is what \`pollUnderLoad\` trades: under a flood the receiver takes rings on a timer (1 ms by default), so such a ring waits for the next tick, and its thread wakes about once per period; with \`pollUnderLoad: false\` the receiver is woken for every burst, and its thread is busy most of the time. Where core has the period option, the hold is measured at ${holdPeriodsUs.map((us) => `${us}`).join(', ')} µs too (\`Doorbell.create({ pollUnderLoad: true, ${HOLD_PERIOD_OPTION}: µs })\`); the chart \`flood-hold.svg\` draws the trade-off.`,
    '',
    floodLatencyTable(reps),
  ].join('\n');
}
