// Latency under a flood, and what the flood hold's period trades. One worker rings a doorbell flat
// out; every few ms the main thread rings it once more from inside a delivery, the worst moment
// (the ring just missed a take), and times how long until the next count arrives, which includes
// it; meanwhile the main thread's own CPU time is measured. With pollUnderLoad (the default) the
// receiver takes a flood on a timer (1 ms, or the period given); with pollUnderLoad: false it is
// woken for every burst.
import { Doorbell, type DoorbellOptions } from '@doorbell/core';
import { mainThreadCpuNs } from '../../internal/threadCpu.js';
import { nextMessage, startWorker } from '../../internal/workers.js';
import type { Plan } from '../../Plan.js';
import { report } from '../../Rep.js';
import { latencyMetrics } from '../../stats.js';
import type { FanInData, FanInMessage } from '../fan-in/worker.js';
import { HOLD_PERIOD_OPTION, holdPeriodAvailable, holdPeriodOptions } from './holdPeriod.js';
import { DEFAULT, floodMethods, holdPeriodOf } from './methods.js';

function optionsOf(method: string): DoorbellOptions {
  const period = holdPeriodOf(method);
  if (period !== undefined) return holdPeriodOptions(period);
  return { pollUnderLoad: method === DEFAULT };
}

interface Flood {
  /** Probe latencies in ns. */
  readonly samples: number[];
  readonly metrics: Record<string, number>;
}

async function measureOnce(method: string, plan: Plan): Promise<Flood> {
  const { ringMs, probeEveryMs } = plan.floodLatency;
  using bell = Doorbell.create(optionsOf(method));
  const samples: number[] = [];
  let probedAt = -1;
  let lastProbe = 0;
  let delivered = 0;
  let wakeups = 0;
  bell.watch((count) => {
    delivered += count;
    wakeups++;
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
    const cpuBefore = mainThreadCpuNs();
    const start = performance.now();
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    await sent;
    const seconds = (performance.now() - start) / 1000;
    const cpuMs = (mainThreadCpuNs() - cpuBefore) / 1e6;
    return {
      samples,
      metrics: {
        perSecond: delivered / seconds,
        wakeupsPerSecond: wakeups / seconds,
        // The receiving (main) thread's on-CPU share of the flood: what the hold saves.
        cpuPercent: (cpuMs / (seconds * 1000)) * 100,
      },
    };
  } finally {
    await worker.terminate();
  }
}

export async function run(plan: Plan): Promise<void> {
  const available = holdPeriodAvailable();
  if (!available) {
    report({
      type: 'note',
      text: `flood-hold period: not available in this build of core (expected Doorbell.create({ pollUnderLoad: true, ${HOLD_PERIOD_OPTION}: 250 })); measuring the default hold and per-burst only`,
    });
  }
  const methods = floodMethods(plan.floodLatency.holdPeriodsUs, available);
  for (let rep = 1; rep <= plan.floodLatency.reps; rep++) {
    for (const method of methods) {
      const flood = await measureOnce(method, plan);
      const metrics: Record<string, number> = { ...latencyMetrics(flood.samples), ...flood.metrics };
      const headline =
        `p50 ${metrics.p50Us!.toFixed(1)} µs, p99 ${metrics.p99Us!.toFixed(1)} µs over ${flood.samples.length} probes, ` +
        `flood ${(metrics.perSecond! / 1e6).toFixed(1)} M/s, receiving thread ${metrics.cpuPercent!.toFixed(0)}% CPU`;
      report({
        type: 'rep',
        rep: { scenario: 'flood-latency', case: '', method, rep, metrics, samples: flood.samples, headline },
      });
    }
  }
}
