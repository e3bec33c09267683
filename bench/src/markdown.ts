// results.md: the targets, then one table per scenario (median, min–max, same-run ratios).
import { num, ratio } from './format.js';
import { label } from './labels.js';
import type { Meta } from './Meta.js';
import type { Rep } from './Rep.js';
import { metricStat, pairedRatio, select, type Stat } from './stats.js';
import type { TargetResult } from './targets.js';

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const signed = (n: number | undefined) => (n === undefined ? '—' : `${n >= 0 ? '+' : ''}${num(n)}`);
const range = (s: Stat | undefined, scale = 1) => (s ? `${num(s.min * scale)}–${num(s.max * scale)}` : '—');
const mid = (s: Stat | undefined, scale = 1) => (s ? num(s.median * scale) : '—');
const casesOf = (reps: readonly Rep[], scenario: string) => [
  ...new Set(reps.filter((r) => r.scenario === scenario).map((r) => r.case)),
];
const methodsOf = (reps: readonly Rep[], scenario: string) => [
  ...new Set(reps.filter((r) => r.scenario === scenario).map((r) => r.method)),
];

function senderTable(reps: readonly Rep[]): string {
  const rows = methodsOf(reps, 'sender').flatMap((method) => {
    const s = metricStat(reps, 'sender', '', method, 'nsPerOp');
    const vs = (ref: string) => ratio(pairedRatio(reps, 'sender', '', 'nsPerOp', method, ref)?.median);
    const main = [label(method), mid(s), range(s), vs('postMessage'), vs('atomics-add')];
    if (method !== 'doorbell-idle') return [main];
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
      ]);
    }
  }
  return table(
    ['CPUs', 'method', 'p50 µs', 'min–max', 'p99 µs', 'min–max', 'p50 ÷ postMessage', 'p50 ÷ Atomics', 'p50 ÷ C floor'],
    rows,
  );
}

function floodLatencyTable(reps: readonly Rep[]): string {
  const rows = methodsOf(reps, 'flood-latency').map((method) => {
    const p50 = metricStat(reps, 'flood-latency', '', method, 'p50Us');
    const p99 = metricStat(reps, 'flood-latency', '', method, 'p99Us');
    const rate = metricStat(reps, 'flood-latency', '', method, 'perSecond');
    return [label(method), mid(p50), range(p50), mid(p99), range(p99), mid(rate, 1e-6)];
  });
  return table(['method', 'p50 µs', 'min–max', 'p99 µs', 'min–max', 'flood, M rings/s'], rows);
}

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

function lifecycleTable(reps: readonly Rep[]): string {
  const rows = select(reps, 'lifecycle', '', 'doorbell').map((r) => {
    const m = r.metrics as Record<string, number>;
    return [
      String(r.rep),
      m.cycles!.toLocaleString('en-US'),
      `${m.fdsBefore} → ${m.fdsAfter} (${m.fdsLeaked! > 0 ? '+' : ''}${m.fdsLeaked})`,
      `${num(m.rssBeforeMB)} → ${num(m.rssAfterMB)} (${signed(m.rssGrowthMB)})`,
      signed(m.heapTotalGrowthMB),
      signed(m.heapUsedGrowthMB),
      signed(m.externalGrowthMB),
      num(m.usPerCycle),
    ];
  });
  return table(
    [
      'run',
      'cycles',
      'open fds before → after',
      'RSS MB before → after',
      'V8 heap size MB',
      'V8 heap used MB',
      'external MB',
      'µs per cycle',
    ],
    rows,
  );
}

export function renderMarkdown(
  meta: Meta,
  reps: readonly Rep[],
  targets: readonly TargetResult[],
  charts: readonly string[],
): string {
  const reps_ = (n: number) => `${n} rep${n === 1 ? '' : 's'}`;
  const { plan } = meta;
  return [
    `# doorbell benchmarks: ${meta.date.slice(0, 10)} (${meta.mode})`,
    '',
    ...(meta.mode === 'quick'
      ? [
          '> **Quick smoke run**: it checks that the harness works. Its figures are too short-lived to mean anything.',
          '',
        ]
      : []),
    `Node ${meta.node} · Linux ${meta.kernel} · ${meta.cpus} · library ${meta.library} · load average ${meta.loadBefore} before, ${meta.loadAfter} after · ${Math.round(meta.seconds)} s in all.`,
    '',
    'Every figure is the median over reps, with min–max. Each scenario runs in its own process and interleaves its methods (A B C A B C …); a ratio `a ÷ b` is computed within each rep between methods that ran next to each other, then its median is shown, so slow drift of a shared machine cancels. `pnpm bench` in the repository root reproduces it.',
    ...(meta.failures.length > 0 ? ['', `**Failed:** ${meta.failures.join('; ')}`] : []),
    ...(meta.notes.length > 0 ? ['', ...meta.notes.map((note) => `Note: ${note}`)] : []),
    '',
    '## Targets',
    '',
    table(
      ['id', 'what', 'target', 'figure (this run)', ''],
      targets.map((t) => [
        t.id,
        t.what,
        t.target,
        t.figure,
        t.status === 'met' ? '✅ met' : t.status === 'not met' ? '❌ not met' : '— not measured',
      ]),
    ),
    '',
    '## Sender cost (lower is better)',
    '',
    `ns per notification in a worker's tight loop, ${reps_(plan.sender.reps)} × ${plan.sender.batches} timed batches of ~${plan.sender.batchMs} ms (rep = median batch). "Already pending": a ring that finds a wake-up already due (the coalesced path). "From idle": each ring is followed by a drain, so every ring starts from idle; a drain cannot be left out of that loop, so it is timed too and subtracted. postMessage: \`port.postMessage(1)\` to a port the main thread listens on, waiting between batches until it has received everything.`,
    '',
    senderTable(reps),
    '',
    `## Fan-in: workers ring flat out for ${plan.fanIn.ringMs} ms → main thread`,
    '',
    `${reps_(plan.fanIn.reps)} per row. doorbell: \`Ringer.ring()\` per notification, \`bell.watch\` on the main thread; under a flood the receiver takes the rings on a 1 ms timer instead of being woken for each burst (\`pollUnderLoad\`, the default), and with \`pollUnderLoad: false\` it is woken for every burst. postMessage: one \`MessageChannel\` per worker. Atomics: \`Atomics.add\` on a shared counter and \`Atomics.notify\` when it was 0; the main thread \`Atomics.waitAsync\`s for it to leave 0 and takes it with \`Atomics.exchange\`.`,
    '',
    fanInTables(reps),
    '',
    `## Round trip main ↔ worker`,
    '',
    `${reps_(plan.latency.reps)} × ${plan.latency.roundTrips.toLocaleString('en-US')} round trips (after ${plan.latency.warmup.toLocaleString('en-US')} unrecorded) per row: the main thread notifies the worker, whose handler notifies back at once. doorbell: a doorbell each way, \`watch\` on both ends. postMessage: one \`MessageChannel\`, echoed. Atomics: \`Atomics.notify\` / \`Atomics.waitAsync\` on two shared words, both ends on their event loops. C floor: two threads, two blocking eventfds, \`cc -O2 -pthread\`; unpinned, the scheduler may or may not keep both threads on one CPU, so that process also runs it with the threads pinned to two different CPUs (this machine's cross-CPU wake-up). Pinned rows ran in a process started with \`taskset -c 0\` (its worker, libuv and V8 threads and the C floor it starts, all on CPU 0).`,
    '',
    latencyTable(reps),
    '',
    '## Latency under a flood',
    '',
    `${reps_(plan.floodLatency.reps)} per row. One worker rings a doorbell flat out for ${plan.floodLatency.ringMs} ms; every ${plan.floodLatency.probeEveryMs} ms the main thread rings it once more from inside a delivery (the worst moment: the ring has just missed a take) and times how long until the next count arrives, which includes it. This is what \`pollUnderLoad\` costs: under a flood the receiver takes rings on a 1 ms timer, so such a ring waits for the next tick; with \`pollUnderLoad: false\` the receiver is woken for every burst, and its thread is busy most of the time.`,
    '',
    floodLatencyTable(reps),
    '',
    '## `fromDoorbell` cost per emission',
    '',
    `${reps_(plan.rx.reps)} × ${plan.rx.emissions.toLocaleString('en-US')} emissions per row, one thread: each delivery rings the doorbell again, so an emission is one whole trip through the event loop (ring, poll wake-up, take, callback).`,
    '',
    rxTable(reps),
    '',
    '## Create / ring / close cycles',
    '',
    `Each cycle: \`Doorbell.create()\`, \`Ringer.open(bell.handle()).ring()\`, \`ringer.close()\`, \`bell.close()\`; the event loop gets a turn every 1,000 cycles. The runs follow each other in one process, each after ${plan.lifecycle.warmup.toLocaleString('en-US')} warm-up cycles; every figure is taken after a forced GC. Open fds from \`/proc/self/fd\`; memory from \`process.memoryUsage()\`: RSS, and the growth of V8's heap size, of its live objects and of the native memory it tracks (external). A leak grows in every run; a heap settling to its working size grows in the first runs only. P6 is judged on the worst run's RSS.`,
    '',
    lifecycleTable(reps),
    '',
    '## Charts',
    '',
    ...charts.map((file) => `![${file}](${file})\n`),
    "Raw samples of every rep: `raw/` (not committed). Every rep's figures: `summary.json`.",
    '',
  ].join('\n');
}
