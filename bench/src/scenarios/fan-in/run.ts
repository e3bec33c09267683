// Fan-in: 1 or 2 workers notify the main thread flat out for a fixed time. Measures what the main
// thread receives per second, checks it receives exactly what was sent, and measures the main
// thread's own CPU time per million notifications.
import { MessageChannel, type Transferable, type Worker } from 'node:worker_threads';
import { Doorbell } from '@doorbell/core';
import type { Plan } from '../../Plan.js';
import { report } from '../../Rep.js';
import { mainThreadCpuNs, threadCpuSource } from '../../internal/threadCpu.js';
import { nextMessage, startWorker, turn, within } from '../../internal/workers.js';
import { METHODS } from './methods.js';
import type { FanInData, FanInMessage, FanInMethod } from './worker.js';

/** The main thread's end of one method: counts arrive through `deliver`; `close` stops it. */
interface Receiver {
  /** What the next worker needs to reach it. */
  readonly workerData: () => { data: Partial<FanInData>; transfer: Transferable[] };
  readonly close: () => void;
}

function receiver(method: FanInMethod, deliver: (count: number) => void): Receiver {
  switch (method) {
    case 'doorbell':
    case 'doorbell-per-burst':
    case 'doorbell-atomics': {
      // doorbell-per-burst: without pollUnderLoad, the receiver is woken for every burst.
      const bell = Doorbell.create(
        method === 'doorbell-atomics' ? { backend: 'atomics' } : { pollUnderLoad: method === 'doorbell' },
      );
      bell.watch(deliver);
      return { workerData: () => ({ data: { handle: bell.handle() }, transfer: [] }), close: () => bell.close() };
    }
    case 'postMessage': {
      // One channel per worker, each received by its own listener on the main thread.
      const ports: MessageChannel[] = [];
      return {
        workerData: () => {
          const channel = new MessageChannel();
          channel.port1.on('message', () => deliver(1));
          ports.push(channel);
          return { data: { port: channel.port2 }, transfer: [channel.port2] };
        },
        close: () => {
          for (const channel of ports) channel.port1.close();
        },
      };
    }
    case 'atomics': {
      // Wait for the counter to leave 0, take it all with one exchange, wait again. A wait that
      // finds it already non-zero yields one event-loop turn first, as a wake-up would.
      const buffer = new SharedArrayBuffer(4);
      const counter = new Int32Array(buffer);
      let running = true;
      void (async () => {
        while (running) {
          const wait = Atomics.waitAsync(counter, 0, 0, 1000);
          if (wait.async) await wait.value;
          else await turn();
          const count = Atomics.exchange(counter, 0, 0);
          if (count > 0) deliver(count);
        }
      })();
      return {
        workerData: () => ({ data: { counter: buffer }, transfer: [] }),
        close: () => {
          running = false;
          Atomics.notify(counter, 0);
        },
      };
    }
  }
}

async function measureOnce(
  method: FanInMethod,
  workers: number,
  plan: Plan,
): Promise<Record<string, number | boolean>> {
  const go = new SharedArrayBuffer(4);
  let delivered = 0;
  let wakeups = 0;
  let expected = Infinity;
  let finish!: () => void;
  const complete = new Promise<void>((resolve) => (finish = resolve));
  const rx = receiver(method, (count) => {
    delivered += count;
    wakeups++;
    if (delivered >= expected) finish();
  });

  const started: Worker[] = [];
  try {
    const sentTotals: Promise<number>[] = [];
    const ready: Promise<unknown>[] = [];
    for (let i = 0; i < workers; i++) {
      const { data, transfer } = rx.workerData();
      const worker = startWorker(
        new URL('./worker.js', import.meta.url),
        { method, ringMs: plan.fanIn.ringMs, go, ...data } satisfies FanInData,
        transfer,
      );
      started.push(worker);
      ready.push(nextMessage<FanInMessage>(worker, (m) => m.type === 'ready'));
      sentTotals.push(
        nextMessage<FanInMessage>(worker, (m) => m.type === 'sent').then((m) => (m.type === 'sent' ? m.sent : 0)),
      );
    }
    await Promise.all(ready);

    const cpuBefore = mainThreadCpuNs();
    const eluBefore = performance.eventLoopUtilization();
    const start = performance.now();
    Atomics.store(new Int32Array(go), 0, 1);
    Atomics.notify(new Int32Array(go), 0);

    const sent = (await Promise.all(sentTotals)).reduce((sum, n) => sum + n, 0);
    expected = sent;
    if (delivered >= expected) finish();
    const exactInTime = await within(complete, plan.fanIn.settleMs);
    const seconds = (performance.now() - start) / 1000;
    const cpuMs = (mainThreadCpuNs() - cpuBefore) / 1e6;
    const elu = performance.eventLoopUtilization(eluBefore);

    return {
      workers,
      sent,
      delivered,
      exact: exactInTime && delivered === sent,
      seconds,
      perSecond: delivered / seconds,
      wakeups,
      perWakeup: delivered / Math.max(1, wakeups),
      mainCpuMs: cpuMs,
      cpuMsPerMillion: (cpuMs / Math.max(1, delivered)) * 1e6,
      elu: elu.utilization,
      eluActiveMsPerMillion: (elu.active / Math.max(1, delivered)) * 1e6,
    };
  } finally {
    rx.close();
    await Promise.all(started.map((worker) => worker.terminate()));
  }
}

const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

export async function run(plan: Plan): Promise<void> {
  report({ type: 'note', text: `main-thread CPU from /proc/self/task/<pid>/${threadCpuSource}` });
  for (let rep = 1; rep <= plan.fanIn.reps; rep++) {
    for (const workers of plan.fanIn.workers) {
      for (const method of METHODS) {
        const m = await measureOnce(method, workers, plan);
        const headline =
          `${fmt(Number(m.perSecond) / 1e6)} M/s, ${m.exact ? 'exact ✓' : `NOT EXACT: ${m.delivered} of ${m.sent}`}, ` +
          `${fmt(Number(m.cpuMsPerMillion))} ms main CPU per 1M, ${fmt(Number(m.perWakeup), 1)} per wake-up`;
        report({
          type: 'rep',
          rep: {
            scenario: 'fan-in',
            case: `${workers} worker${workers === 1 ? '' : 's'}`,
            method,
            rep,
            metrics: m,
            headline,
          },
        });
      }
    }
  }
}
