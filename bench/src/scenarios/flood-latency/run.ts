// Latency under a flood: the price of pollUnderLoad. One worker rings a doorbell flat out; every
// few ms the main thread rings it once more from inside a delivery, the worst moment (the ring
// just missed a take), and times how long until the next count arrives, which includes it. With
// pollUnderLoad (the default) the receiver takes a flood on a 1 ms timer; with pollUnderLoad:
// false it is woken for every burst.
import { Doorbell } from '@doorbell/core';
import type { Plan } from '../../Plan.js';
import { report } from '../../Rep.js';
import { latencyMetrics } from '../../stats.js';
import { nextMessage, startWorker } from '../../internal/workers.js';
import type { FanInData, FanInMessage } from '../fan-in/worker.js';

export const METHODS = ['doorbell', 'doorbell-per-burst'] as const;

/** Probe latencies in ns, and what the flood delivered per second. */
async function measureOnce(method: (typeof METHODS)[number], plan: Plan): Promise<{ samples: number[]; rate: number }> {
  const { ringMs, probeEveryMs } = plan.floodLatency;
  using bell = Doorbell.create({ pollUnderLoad: method === 'doorbell' });
  const samples: number[] = [];
  let probedAt = -1;
  let lastProbe = 0;
  let delivered = 0;
  bell.watch((count) => {
    delivered += count;
    const now = performance.now();
    if (probedAt >= 0) {
      samples.push((now - probedAt) * 1e6);
      probedAt = -1;
      lastProbe = now;
    } else if (now - lastProbe >= probeEveryMs) {
      probedAt = performance.now();
      bell.ring();
    }
  });
  const go = new Int32Array(new SharedArrayBuffer(4));
  const data: FanInData = { method: 'doorbell', ringMs, go: go.buffer as SharedArrayBuffer, handle: bell.handle() };
  const worker = startWorker(new URL('../fan-in/worker.js', import.meta.url), data);
  try {
    await nextMessage<FanInMessage>(worker, (m) => m.type === 'ready');
    const sent = nextMessage<FanInMessage>(worker, (m) => m.type === 'sent');
    const start = performance.now();
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    await sent;
    return { samples, rate: delivered / ((performance.now() - start) / 1000) };
  } finally {
    await worker.terminate();
  }
}

export async function run(plan: Plan): Promise<void> {
  for (let rep = 1; rep <= plan.floodLatency.reps; rep++) {
    for (const method of METHODS) {
      const { samples, rate } = await measureOnce(method, plan);
      const metrics: Record<string, number> = { ...latencyMetrics(samples), perSecond: rate };
      const headline = `p50 ${metrics.p50Us!.toFixed(1)} µs, p99 ${metrics.p99Us!.toFixed(1)} µs over ${samples.length} probes, flood ${(rate / 1e6).toFixed(1)} M/s`;
      report({ type: 'rep', rep: { scenario: 'flood-latency', case: '', method, rep, metrics, samples, headline } });
    }
  }
}
