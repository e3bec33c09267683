import { label } from '../../labels.js';
import { methodsOf, mid, range, repsText, table } from '../../markdown.js';
import type { Plan } from '../../Plan.js';
import type { Rep } from '../../Rep.js';
import { metricStat, pairedRatio } from '../../stats.js';
import { ratio } from '../../format.js';

function senderTable(reps: readonly Rep[]): string {
  const rows = methodsOf(reps, 'sender').flatMap((method) => {
    const s = metricStat(reps, 'sender', '', method, 'nsPerOp');
    const vs = (ref: string) => ratio(pairedRatio(reps, 'sender', '', 'nsPerOp', method, ref)?.median);
    const main = [label(method), mid(s), range(s), vs('postMessage'), vs('atomics-add')];
    if (!method.endsWith('-idle')) return [main];
    const pair = metricStat(reps, 'sender', '', method, 'nsPerRingAndDrain');
    const drain = metricStat(reps, 'sender', '', method, 'nsPerEmptyDrain');
    return [
      [`${main[0]} = ring + drain − empty drain`, ...main.slice(1)],
      ['  ring + drain (measured)', mid(pair), range(pair), '', ''],
      ['  drain of an empty doorbell (measured)', mid(drain), range(drain), '', ''],
    ];
  });
  return table(['method', 'ns per notification', 'min–max', '÷ postMessage', '÷ Atomics.add'], rows);
}

export function senderMarkdown(reps: readonly Rep[], plan: Plan): string {
  return [
    '## Sender cost (lower is better)',
    '',
    `ns per notification in a worker's tight loop, ${repsText(plan.sender.reps)} × ${plan.sender.batches} timed batches of ~${plan.sender.batchMs} ms (rep = median batch). "Already pending": a ring that finds a wake-up already due (the coalesced path). "From idle": each ring is followed by a drain, so every ring starts from idle; a drain cannot be left out of that loop, so it is timed too and subtracted. doorbell 'atomics': the same two loops on a doorbell made with \`{ backend: 'atomics' }\` (a CAS on one shared 64-bit word, \`Atomics.notify\` from idle). postMessage: \`port.postMessage(1)\` to a port the main thread listens on, waiting between batches until it has received everything.`,
    '',
    senderTable(reps),
  ].join('\n');
}
