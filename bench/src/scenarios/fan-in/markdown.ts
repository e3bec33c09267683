import { ratio } from '../../format.js';
import { label } from '../../labels.js';
import { casesOf, methodsOf, mid, range, repsText, table } from '../../markdown.js';
import type { Plan } from '../../Plan.js';
import type { Rep } from '../../Rep.js';
import { metricStat, pairedRatio, select } from '../../stats.js';

function fanInTables(reps: readonly Rep[]): string {
  const throughput: string[][] = [];
  const cpu: string[][] = [];
  for (const kase of casesOf(reps, 'fan-in')) {
    for (const method of methodsOf(reps, 'fan-in')) {
      const runs = select(reps, 'fan-in', kase, method);
      if (runs.length === 0) continue;
      const vs = (metric: string, ref: string) => ratio(pairedRatio(reps, 'fan-in', kase, metric, method, ref)?.median);
      const rate = metricStat(reps, 'fan-in', kase, method, 'perSecond');
      const perWake = metricStat(reps, 'fan-in', kase, method, 'perWakeup');
      const exact = runs.filter((r) => r.metrics.exact === true).length;
      throughput.push([
        kase,
        label(method),
        mid(rate, 1e-6),
        range(rate, 1e-6),
        `${exact}/${runs.length}${exact === runs.length ? ' ✓' : ' ✗'}`,
        mid(perWake),
        vs('perSecond', 'postMessage'),
        vs('perSecond', 'atomics'),
      ]);
      const ms = metricStat(reps, 'fan-in', kase, method, 'cpuMsPerMillion');
      const elu = metricStat(reps, 'fan-in', kase, method, 'elu');
      cpu.push([
        kase,
        label(method),
        mid(ms),
        range(ms),
        mid(elu),
        vs('cpuMsPerMillion', 'postMessage'),
        vs('cpuMsPerMillion', 'atomics'),
      ]);
    }
  }
  return [
    '### Fan-in throughput (higher is better)',
    '',
    'Notifications the main thread received per second, from the start signal until it held every notification the workers sent (exact: delivered == sent in every rep).',
    '',
    table(
      ['workers', 'method', 'M notifications/s', 'min–max', 'exact', 'per wake-up', '÷ postMessage', '÷ Atomics'],
      throughput,
    ),
    '',
    '### Main-thread CPU per 1 M notifications (lower is better)',
    '',
    "The main thread's own on-CPU time (user + system, from `/proc/self/task/<pid>/schedstat`, not the workers') over the same window, per million notifications delivered. Event-loop utilisation (`performance.eventLoopUtilization()`) over that window alongside.",
    '',
    table(
      ['workers', 'method', 'CPU ms per 1 M', 'min–max', 'event-loop utilisation', '÷ postMessage', '÷ Atomics'],
      cpu,
    ),
  ].join('\n');
}

export function fanInMarkdown(reps: readonly Rep[], plan: Plan): string {
  return [
    `## Fan-in: workers ring flat out for ${plan.fanIn.ringMs} ms → main thread`,
    '',
    `${repsText(plan.fanIn.reps)} per row. doorbell: \`Ringer.ring()\` per notification, \`bell.watch\` on the main thread; under a flood the receiver takes the rings on a 1 ms timer instead of being woken for each burst (\`pollUnderLoad\`, the default), and with \`pollUnderLoad: false\` it is woken for every burst. doorbell 'atomics': the same on a doorbell made with \`{ backend: 'atomics' }\` (its receiver waits in \`Atomics.waitAsync\`). postMessage: one \`MessageChannel\` per worker. Atomics: \`Atomics.add\` on a shared counter and \`Atomics.notify\` when it was 0; the main thread \`Atomics.waitAsync\`s for it to leave 0 and takes it with \`Atomics.exchange\`.`,
    '',
    fanInTables(reps),
  ].join('\n');
}
