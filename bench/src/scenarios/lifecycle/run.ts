// Lifecycle: many create / ring / close cycles must leave no fds behind and not grow the process.
// The reps run one after another in one process: a leak grows in every rep; a heap finding its
// working size grows in the first reps only.
import { readdirSync } from 'node:fs';
import { Doorbell, Ringer } from '@doorbell/core';
import type { Plan } from '../../Plan.js';
import { report } from '../../Rep.js';
import { turn } from '../../internal/workers.js';

/** Let the event loop run now and then: closing a receiver's handles finishes asynchronously. */
const CYCLES_PER_TURN = 1000;

const openFds = (): number => readdirSync('/proc/self/fd').length;
const MB = 2 ** 20;

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await turn();
  (globalThis as { gc?: () => void }).gc?.(); // the runner starts this scenario with --expose-gc
  await turn();
}

async function cycles(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const bell = Doorbell.create();
    const ringer = Ringer.open(bell.handle());
    ringer.ring();
    ringer.close();
    bell.close();
    if (i % CYCLES_PER_TURN === CYCLES_PER_TURN - 1) await turn();
  }
}

export async function run(plan: Plan): Promise<void> {
  const { reps, cycles: count, warmup } = plan.lifecycle;
  for (let rep = 1; rep <= reps; rep++) {
    await cycles(warmup);
    await settle();
    const fdsBefore = openFds();
    const before = process.memoryUsage();
    const start = performance.now();
    await cycles(count);
    const ms = performance.now() - start;
    await settle();
    const fdsAfter = openFds();
    const after = process.memoryUsage();
    const metrics = {
      cycles: count,
      fdsBefore,
      fdsAfter,
      fdsLeaked: fdsAfter - fdsBefore,
      rssBeforeMB: before.rss / MB,
      rssAfterMB: after.rss / MB,
      rssGrowthMB: (after.rss - before.rss) / MB,
      // After a GC, what the JS heap and native allocations V8 knows of still hold: a leak of
      // doorbell objects shows here, V8 growing its heap to a working size does not.
      heapUsedGrowthMB: (after.heapUsed - before.heapUsed) / MB,
      heapTotalGrowthMB: (after.heapTotal - before.heapTotal) / MB,
      externalGrowthMB: (after.external - before.external) / MB,
      usPerCycle: (ms * 1000) / count,
      gc: typeof (globalThis as { gc?: unknown }).gc === 'function' ? 1 : 0,
    };
    const headline = `${count.toLocaleString('en-US')} cycles: ${metrics.fdsLeaked} fds leaked, RSS ${metrics.rssGrowthMB >= 0 ? '+' : ''}${metrics.rssGrowthMB.toFixed(1)} MB, ${metrics.usPerCycle.toFixed(1)} µs/cycle`;
    report({ type: 'rep', rep: { scenario: 'lifecycle', case: '', method: 'doorbell', rep, metrics, headline } });
  }
}
