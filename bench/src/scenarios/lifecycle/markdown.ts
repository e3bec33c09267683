import { num } from '../../format.js';
import { label } from '../../labels.js';
import { methodsOf, signed, table } from '../../markdown.js';
import type { Plan } from '../../Plan.js';
import type { Rep } from '../../Rep.js';
import { select } from '../../stats.js';

function lifecycleTable(reps: readonly Rep[]): string {
  const runs = methodsOf(reps, 'lifecycle').flatMap((method) => select(reps, 'lifecycle', '', method));
  const rows = runs.map((r) => {
    const m = r.metrics as Record<string, number>;
    return [
      r.method === 'doorbell' ? "doorbell, backend 'eventfd'" : label(r.method),
      String(r.rep),
      m.cycles!.toLocaleString('en-US'),
      `${m.fdsBefore} → ${m.fdsAfter} (${m.fdsLeaked! > 0 ? '+' : ''}${m.fdsLeaked})`,
      `${num(m.rssBeforeMB)} → ${num(m.rssAfterMB)} (${signed(m.rssGrowthMB)})`,
      signed(m.heapTotalGrowthMB),
      signed(m.heapUsedGrowthMB),
      signed(m.externalGrowthMB),
      num(m.usPerCycle),
      num(m.usPerCreate),
    ];
  });
  return table(
    [
      'backend',
      'run',
      'cycles',
      'open fds before → after',
      'RSS MB before → after',
      'V8 heap size MB',
      'V8 heap used MB',
      'external MB',
      'µs per cycle',
      'µs per create()',
    ],
    rows,
  );
}

export function lifecycleMarkdown(reps: readonly Rep[], plan: Plan): string {
  return [
    '## Create / ring / close cycles',
    '',
    `Each cycle: \`Doorbell.create()\`, \`Ringer.open(bell.handle()).ring()\`, \`ringer.close()\`, \`bell.close()\`; the event loop gets a turn every 1,000 cycles. The runs follow each other in one process, each after ${plan.lifecycle.warmup.toLocaleString('en-US')} warm-up cycles; every figure is taken after a forced GC. Open fds from \`/proc/self/fd\`; memory from \`process.memoryUsage()\`: RSS, and the growth of V8's heap size, of its live objects and of the native memory it tracks (external). A leak grows in every run; a heap settling to its working size grows in the first runs only. P6 is judged on the worst run's RSS, the first run included. \`µs per create()\`: \`Doorbell.create()\` alone, timed within the cycles. The 'atomics' rows ran in a process of their own.`,
    '',
    lifecycleTable(reps),
  ].join('\n');
}
