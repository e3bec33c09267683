// Round-trip latency main → worker → main, one notification each way, against the C floors.
// The runner starts this scenario twice: unpinned, and under `taskset -c 0` (every thread of the
// process, and the C floor it starts, on one CPU).
import { availableParallelism } from 'node:os';
import { MessageChannel, type Transferable } from 'node:worker_threads';
import { Doorbell, Ringer } from '@doorbell/core';
import type { Plan } from '../../Plan.js';
import { report } from '../../Rep.js';
import { latencyMetrics } from '../../stats.js';
import { cFloorAvailable, runCFloor } from './cFloor.js';
import { METHODS } from './methods.js';
import { nextMessage, startWorker } from '../../internal/workers.js';
import type { LatencyData, LatencyMethod, LatencyReady } from './worker.js';

/** Round trips in ns, the first `warmup` dropped. */
async function roundTrips(method: LatencyMethod, total: number, warmup: number): Promise<number[]> {
  if (method === 'c-eventfd' || method === 'c-eventfd-split')
    return runCFloor('eventfd', total - warmup, warmup, method === 'c-eventfd-split');
  if (method === 'c-libuv') return runCFloor('libuv', total - warmup, warmup);

  const samples = new Float64Array(total);
  let close = () => {};
  let data: LatencyData;
  let transfer: Transferable[] = [];
  const bell =
    method === 'doorbell' || method === 'doorbell-atomics'
      ? Doorbell.create(method === 'doorbell-atomics' ? { backend: 'atomics' } : {})
      : undefined;
  const channel = method === 'postMessage' ? new MessageChannel() : undefined;
  const shared = method === 'atomics' ? new SharedArrayBuffer(8) : undefined;
  if (bell) data = { method, handle: bell.handle() };
  else if (channel) {
    data = { method, port: channel.port2 };
    transfer = [channel.port2];
  } else data = { method: 'atomics', shared: shared! };

  const worker = startWorker(new URL('./worker.js', import.meta.url), data, transfer);
  try {
    const { handle } = await nextMessage<LatencyReady>(worker);
    // Callback-driven methods: each arrival records the round trip and sends the next ping.
    const pingPong = (listen: (onPong: () => void) => void, ping: () => void) =>
      new Promise<void>((resolve) => {
        let i = 0;
        let start = 0;
        listen(() => {
          samples[i++] = (performance.now() - start) * 1e6;
          if (i === total) return resolve();
          start = performance.now();
          ping();
        });
        start = performance.now();
        ping();
      });

    if (bell) {
      const ringer = Ringer.open(handle!);
      await pingPong(
        (onPong) => bell.watch(onPong),
        () => ringer.ring(),
      );
    } else if (channel) {
      await pingPong(
        (onPong) => channel.port1.on('message', onPong),
        () => channel.port1.postMessage(1),
      );
      close = () => channel.port1.close();
    } else {
      const words = new Int32Array(shared!);
      for (let i = 0; i < total; i++) {
        const start = performance.now();
        Atomics.store(words, 0, i + 1);
        Atomics.notify(words, 0, 1);
        const wait = Atomics.waitAsync(words, 1, i);
        if (wait.async) await wait.value;
        samples[i] = (performance.now() - start) * 1e6;
      }
    }
  } finally {
    await worker.terminate();
    bell?.close();
    close();
  }
  return Array.from(samples.subarray(warmup));
}

export async function run(plan: Plan, kase: string): Promise<void> {
  const { reps, roundTrips: count, warmup } = plan.latency;
  // The C floor with its threads on two different CPUs shows what a cross-CPU wake-up costs on
  // this machine; it needs two CPUs, so not in the pinned process.
  const methods = METHODS.filter((method) => {
    if (method === 'c-libuv') return cFloorAvailable('libuv');
    if (method === 'c-eventfd-split') return cFloorAvailable('eventfd') && availableParallelism() >= 2;
    return method !== 'c-eventfd' || cFloorAvailable('eventfd');
  });
  if (!cFloorAvailable('eventfd')) report({ type: 'note', text: 'C eventfd floor not compiled: skipped' });
  if (!cFloorAvailable('libuv')) report({ type: 'note', text: 'C libuv floor not compiled: skipped' });
  for (let rep = 1; rep <= reps; rep++) {
    for (const method of methods) {
      const samples = await roundTrips(method, count + warmup, warmup);
      const metrics = latencyMetrics(samples);
      const headline = `p50 ${metrics.p50Us!.toFixed(1)} µs, p99 ${metrics.p99Us!.toFixed(1)} µs`;
      report({ type: 'rep', rep: { scenario: 'latency', case: kase, method, rep, metrics, samples, headline } });
    }
  }
}
