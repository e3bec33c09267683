// Lifecycle: many create / ring / close cycles must leave no fds behind and not grow the process.
// The reps run one after another in one process: a leak grows in every rep; a heap finding its
// working size grows in the first reps only. Case 'atomics': the same with backend 'atomics'
// (its own process, so that neither backend's heap history colours the other's first run).
import { readdirSync } from 'node:fs';
import { Doorbell, type DoorbellOptions, Ringer } from '@doorbell/core';
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

/** Runs `count` cycles; the time spent in Doorbell.create() alone, in ms. */
async function cycles(count: number, options: DoorbellOptions): Promise<number> {
  let createMs = 0;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const bell = Doorbell.create(options);
    createMs += performance.now() - t0;
    const ringer = Ringer.open(bell.handle());
    ringer.ring();
    ringer.close();
    bell.close();
    if (i % CYCLES_PER_TURN === CYCLES_PER_TURN - 1) await turn();
  }
  return createMs;
}

export async function run(plan: Plan, kase: string): Promise<void> {
  const { reps, cycles: count, warmup } = plan.lifecycle;
  const options: DoorbellOptions = kase === 'atomics' ? { backend: 'atomics' } : {};
  const method = kase === 'atomics' ? 'doorbell-atomics' : 'doorbell';
  for (let rep = 1; rep <= reps; rep++) {
    await cycles(warmup, options);
    await settle();
    const fdsBefore = openFds();
    const before = process.memoryUsage();
    const start = performance.now();
    const createMs = await cycles(count, options);
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
      usPerCreate: (createMs * 1000) / count,
      gc: typeof (globalThis as { gc?: unknown }).gc === 'function' ? 1 : 0,
    };
    const headline = `${count.toLocaleString('en-US')} cycles: ${metrics.fdsLeaked} fds leaked, RSS ${metrics.rssGrowthMB >= 0 ? '+' : ''}${metrics.rssGrowthMB.toFixed(1)} MB, ${metrics.usPerCycle.toFixed(1)} µs/cycle (create ${metrics.usPerCreate.toFixed(1)} µs)`;
    report({ type: 'rep', rep: { scenario: 'lifecycle', case: '', method, rep, metrics, headline } });
  }
}
