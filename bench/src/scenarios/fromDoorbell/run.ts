// fromDoorbell's cost per emission over a bare watch callback. One thread, no workers: each
// delivery rings the doorbell again, so every emission is one whole trip through the event loop
// (ring → poll wakes → take → callback), with nothing else running.
import { Doorbell } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';
import type { Plan } from '../../Plan.js';
import { report } from '../../Rep.js';
import { mainThreadCpuNs } from '../../internal/threadCpu.js';

export const METHODS = ['watch', 'fromDoorbell'] as const;
export type RxMethod = (typeof METHODS)[number];

async function measureOnce(method: RxMethod, emissions: number, warmup: number): Promise<Record<string, number>> {
  const bell = Doorbell.create();
  let n = 0;
  let start = 0;
  let cpuBefore = 0;
  let stop = () => {};
  const elapsed = await new Promise<{ ms: number; cpuMs: number }>((resolve) => {
    const onCount = () => {
      n++;
      if (n === warmup) {
        cpuBefore = mainThreadCpuNs();
        start = performance.now();
      }
      if (n === warmup + emissions) {
        resolve({ ms: performance.now() - start, cpuMs: (mainThreadCpuNs() - cpuBefore) / 1e6 });
        return;
      }
      bell.ring();
    };
    if (method === 'watch') {
      stop = bell.watch(onCount);
    } else {
      const subscription = fromDoorbell(bell).subscribe(onCount);
      stop = () => subscription.unsubscribe();
    }
    bell.ring();
  });
  stop();
  bell.close();
  return {
    emissions,
    nsPerEmission: (elapsed.ms * 1e6) / emissions,
    cpuNsPerEmission: (elapsed.cpuMs * 1e6) / emissions,
  };
}

export async function run(plan: Plan): Promise<void> {
  const { reps, emissions, warmup } = plan.rx;
  for (let rep = 1; rep <= reps; rep++) {
    for (const method of METHODS) {
      const metrics = await measureOnce(method, emissions, warmup);
      const headline = `${metrics.nsPerEmission!.toFixed(0)} ns/emission (main-thread CPU ${metrics.cpuNsPerEmission!.toFixed(0)} ns)`;
      report({ type: 'rep', rep: { scenario: 'fromDoorbell', case: '', method, rep, metrics, headline } });
    }
  }
}
