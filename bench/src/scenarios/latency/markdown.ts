import { ratio } from '../../format.js';
import { label } from '../../labels.js';
import { casesOf, methodsOf, mid, range, repsText, table } from '../../markdown.js';
import type { Plan } from '../../Plan.js';
import type { Rep } from '../../Rep.js';
import { metricStat, pairedRatio, select } from '../../stats.js';

function latencyTable(reps: readonly Rep[]): string {
  const rows: string[][] = [];
  for (const kase of casesOf(reps, 'latency')) {
    for (const method of methodsOf(reps, 'latency')) {
      if (select(reps, 'latency', kase, method).length === 0) continue;
      const p50 = metricStat(reps, 'latency', kase, method, 'p50Us');
      const p99 = metricStat(reps, 'latency', kase, method, 'p99Us');
      const vs = (ref: string) => ratio(pairedRatio(reps, 'latency', kase, 'p50Us', method, ref)?.median);
      const cpus = kase === 'pinned' ? 'one (taskset -c 0)' : 'unpinned';
      rows.push([
        cpus,
        label(method),
        mid(p50),
        range(p50),
        mid(p99),
        range(p99),
        vs('postMessage'),
        vs('atomics'),
        vs('c-eventfd'),
        vs('c-libuv'),
      ]);
    }
  }
  return table(
    [
      'CPUs',
      'method',
      'p50 µs',
      'min–max',
      'p99 µs',
      'min–max',
      'p50 ÷ postMessage',
      'p50 ÷ Atomics',
      'p50 ÷ C floor',
      'p50 ÷ libuv floor',
    ],
    rows,
  );
}

export function latencyMarkdown(reps: readonly Rep[], plan: Plan): string {
  return [
    `## Round trip main ↔ worker`,
    '',
    `${repsText(plan.latency.reps)} × ${plan.latency.roundTrips.toLocaleString('en-US')} round trips (after ${plan.latency.warmup.toLocaleString('en-US')} unrecorded) per row: the main thread notifies the worker, whose handler notifies back at once. doorbell: a doorbell each way, \`watch\` on both ends. postMessage: one \`MessageChannel\`, echoed. Atomics: \`Atomics.notify\` / \`Atomics.waitAsync\` on two shared words, both ends on their event loops. doorbell, backend 'atomics': \`Doorbell.create({ backend: 'atomics' })\` each way (no kernel object: \`Atomics.waitAsync\` underneath). C floor: two threads, two blocking eventfds, \`cc -O2 -pthread\`; unpinned, the scheduler may or may not keep both threads on one CPU, so that process also runs it with the threads pinned to two different CPUs (this machine's cross-CPU wake-up). libuv floor (\`c/uvpingpong.c\`, against Debian's libuv1-dev): two threads, each running its own uv loop with a \`uv_poll\` on a non-blocking eventfd and idle-time metrics on (\`uv_loop_configure(UV_METRICS_IDLE_TIME)\`, as Node's loops have them), each poll callback reading its eventfd and writing the other's: what any libuv event loop pays before doing anything of its own. Pinned rows ran in a process started with \`taskset -c 0\` (its worker, libuv and V8 threads and the C floor it starts, all on CPU 0).`,
    '',
    latencyTable(reps),
  ].join('\n');
}
