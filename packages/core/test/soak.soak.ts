import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openFds, turns } from '@doorbell/test-support';
import { Doorbell, DoorbellPair, PeerDeadError } from '../src/index.js';

// The soak: `pnpm test:soak` (SOAK_SECONDS, default 20; SOAK=1 for 300). Cycle after cycle, until
// time is up: worker threads ring, receivers open and close on this thread and in a worker, one
// ringing worker is terminated mid-ring, doorbells of both backends are created and destroyed, and
// a child process on a DoorbellPair exchanges counts while another is killed with SIGKILL. Every
// cycle drains everything before it closes anything, and checks that what was delivered is
// exactly what was rung. At the end the open fds must be exactly what they were at the start, and
// RSS (after a forced gc) within 10 MB of what it was after the first cycle: that warm-up loads
// the worker code and grows the heap and the allocator's per-thread arenas once, for good.

const seconds = Number(process.env.SOAK_SECONDS ?? 20);
const RSS_SLACK = 10 * 1024 * 1024;
const soakWorker = new URL('./fixtures/soakWorker.mjs', import.meta.url);
const pairChild = new URL('./fixtures/pairChild.mjs', import.meta.url).pathname;

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** RSS and where it is: the JS heap (used of total), and memory outside it that V8 knows of. */
function memory(rss = process.memoryUsage().rss): string {
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return (
    `RSS ${MB(rss)} (JS heap ${MB(heapUsed)} of ${MB(heapTotal)}, external ${MB(external)}, ` +
    `array buffers ${MB(arrayBuffers)})`
  );
}
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * RSS once the process has been idle long enough for V8 to give back the heap it grew. gc() alone
 * does not: V8 keeps a grown young generation committed until its memory reducer runs, a few
 * idle seconds later (seen here: up to 30 MB more RSS after gc(), gone 5 s later). So: idle for
 * at least 8 s, collecting every 3 s, until RSS has held within 0.5 MB for 3 s, or 20 s.
 */
async function settledRss(): Promise<number> {
  const samples: number[] = [];
  for (let second = 0; second < 20; second++) {
    if (second % 3 === 0) gc?.();
    await sleep(1000);
    samples.push(process.memoryUsage().rss);
    const recent = samples.slice(-4);
    if (second >= 8 && Math.max(...recent) - Math.min(...recent) < 512 * 1024) break;
  }
  return samples.at(-1) ?? process.memoryUsage().rss;
}

/** A soak worker, and a promise of its exit code (taken now, so that an early exit is not missed). */
function startWorker(workerData: Record<string, unknown>): { worker: Worker; exited: Promise<number> } {
  const worker = new Worker(soakWorker, { workerData });
  const exited = new Promise<number>((resolve, reject) => {
    worker.once('exit', resolve);
    worker.once('error', reject);
  });
  exited.catch(() => undefined); // observed where the cycle awaits it
  return { worker, exited };
}

function drainAll(receivers: Doorbell[]): bigint {
  let total = 0n;
  for (const receiver of receivers) {
    for (let count = receiver.drain({ bigint: true }); count > 0n; count = receiver.drain({ bigint: true })) {
      total += count;
    }
  }
  return total;
}

/** Worker threads ring one doorbell; receivers come and go; one ringer is terminated mid-ring. */
async function ringCycle(cycle: number, backend: 'eventfd' | 'pipe'): Promise<void> {
  const bell = Doorbell.create({ backend });
  const handle = bell.handle();
  let delivered = 0n;
  const add = (count: bigint) => {
    delivered += count;
  };
  bell.watch(add, { bigint: true });
  const opened = [Doorbell.open(handle), Doorbell.open(handle)];
  for (const receiver of opened) receiver.watch(add, { bigint: true });

  const receiverWorker = startWorker({ role: 'receiver', handle });
  const receiverTotal = new Promise<bigint>((resolve) => {
    receiverWorker.worker.on('message', (message) => typeof message === 'bigint' && resolve(message));
  });
  await once(receiverWorker.worker, 'message');

  const rung = Array.from({ length: 3 }, () => new SharedArrayBuffer(8));
  const ringers = rung.map((buffer, i) =>
    startWorker({ role: 'ringer', handle, rung: buffer, rings: 2_000, maxCount: 1_000, seed: cycle * 7 + i }),
  );
  const foreverRung = new SharedArrayBuffer(8);
  const forever = startWorker({ role: 'forever', handle, rung: foreverRung });

  // A receiver that opens and closes on this thread while the rings arrive.
  await once(forever.worker, 'message');
  const passing = Doorbell.open(handle);
  passing.watch(add, { bigint: true });
  await sleep(5 + (cycle % 10));
  delivered += drainAll([passing]);
  passing.close();
  await forever.worker.terminate();

  const codes = await Promise.all(ringers.map(({ exited }) => exited));
  if (codes.some((code) => code !== 0)) throw new Error(`cycle ${cycle}: ringers exited with ${codes.join(', ')}`);
  receiverWorker.worker.postMessage('stop');
  const inWorker = await Promise.race([
    receiverTotal,
    receiverWorker.exited.then(async (code) => {
      await turns();
      const missing = Promise.reject(
        new Error(`cycle ${cycle}: the receiver worker exited (${code}) without its total`),
      );
      return Promise.race([receiverTotal, missing]);
    }),
  ]);
  await receiverWorker.exited;
  delivered += inWorker + drainAll([bell, ...opened]);

  const finite = rung.reduce((sum, buffer) => sum + Atomics.load(new BigInt64Array(buffer), 0), 0n);
  const counted = Atomics.load(new BigInt64Array(foreverRung), 0);
  // The terminated ringer's last ring may have landed before terminate() and before it was
  // counted: at most one more.
  const extra = delivered - finite - counted;
  if (extra !== 0n && extra !== 1n) {
    throw new Error(
      `cycle ${cycle} (${backend}): delivered ${delivered}, rung ${finite} + ${counted} by the terminated worker`,
    );
  }
  for (const receiver of opened) receiver.close();
  bell.close();
}

/** Doorbells created, rung, watched and destroyed in a burst. */
async function churn(cycle: number): Promise<void> {
  const bells = Array.from({ length: 32 }, (_, i) =>
    Doorbell.create(i % 3 === 2 ? { backend: 'pipe' } : { semaphore: i % 5 === 0 }),
  );
  let delivered = 0;
  let rung = 0;
  bells.forEach((bell, i) => {
    if (i % 2 === 0) {
      bell.watch((count) => {
        delivered += count;
      });
    }
    bell.ring(1 + ((cycle + i) % 5));
    rung += 1 + ((cycle + i) % 5);
  });
  await turns(3);
  for (const bell of bells) delivered += Number(drainAll([bell]));
  if (delivered !== rung) throw new Error(`churn ${cycle}: delivered ${delivered} of ${rung}`);
  for (const bell of bells) bell.close();
}

function spawnPairChild(pair: DoorbellPair, args: string[]): ChildProcess {
  const { NODE_PATH: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [pairChild, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'inherit', pair.peerFd],
  });
  pair.releasePeer();
  return child;
}

/** A child that exchanges counts and exits, and a child killed with SIGKILL while it rings. */
async function childCycle(cycle: number): Promise<void> {
  const rings = 200 + (cycle % 100);
  const exchange = DoorbellPair.create();
  const child = spawnPairChild(exchange, ['exchange', String(rings), '3', String(rings)]);
  const exited = once(child, 'exit');
  let received = 0;
  const gone = new Promise<void>((resolve) =>
    exchange.watch(
      (count) => {
        received += count;
      },
      { onClose: resolve },
    ),
  );
  for (let i = 0; i < rings; i++) exchange.ring();
  await gone;
  const [code] = await exited;
  exchange.close();
  if (code !== 0 || received !== rings * 3) {
    throw new Error(`child ${cycle}: exit code ${code}, received ${received} of ${rings * 3}`);
  }

  const flood = DoorbellPair.create();
  const victim = spawnPairChild(flood, ['flood']);
  const killed = once(victim, 'exit');
  let flooded = 0;
  const peerGone = new Promise<void>((resolve) =>
    flood.watch(
      (count) => {
        flooded += count;
        if (flooded >= 1_000 && victim.exitCode === null && !victim.killed) victim.kill('SIGKILL');
      },
      { onClose: resolve },
    ),
  );
  await peerGone;
  const [, signal] = await killed;
  if (signal !== 'SIGKILL') throw new Error(`child ${cycle}: ended by ${signal}, not SIGKILL`);
  expect(() => flood.ring()).toThrow(PeerDeadError);
  flood.close();
}

describe('soak', () => {
  it(`${seconds} s of rings, receivers, doorbells, workers and children come and go: no fd or memory left behind, no count lost`, async () => {
    const fdsAtStart = openFds();
    gc?.();
    const rssAtStart = process.memoryUsage().rss;

    const runCycle = async (cycle: number) => {
      await ringCycle(cycle, cycle % 2 === 0 ? 'eventfd' : 'pipe');
      await churn(cycle);
      await childCycle(cycle);
    };

    await runCycle(0); // the warm-up
    const fdsAfterWarmUp = openFds();
    const rssAfterWarmUp = await settledRss();
    console.log(
      `soak: ${seconds} s; fds ${fdsAtStart} at start, ${fdsAfterWarmUp} after the warm-up; ` +
        `RSS ${MB(rssAtStart)} at start, after the warm-up ${memory(rssAfterWarmUp)}` +
        (gc ? '' : ' (no --expose-gc: RSS measured without a forced gc)'),
    );

    const started = performance.now();
    const deadline = started + seconds * 1000;
    let cycles = 1;
    let peakRss = rssAfterWarmUp;
    let nextReport = started + Math.max(5, seconds / 10) * 1000;
    while (performance.now() < deadline) {
      await runCycle(cycles++);
      const rss = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, rss);
      if (performance.now() >= nextReport) {
        console.log(
          `soak: ${((performance.now() - started) / 1000).toFixed(0)} s, ${cycles} cycles, ` +
            `fds ${openFds()}, ${memory(rss)}`,
        );
        nextReport += Math.max(5, seconds / 10) * 1000;
      }
    }

    const elapsed = (performance.now() - started) / 1000;
    const fdsAtEnd = openFds();
    const rssAtEnd = await settledRss();
    console.log(
      `soak: done, ${cycles} cycles in ${elapsed.toFixed(1)} s ` +
        `(each: 3 ringing workers × 2,000 rings + 1 terminated, 4 receivers on this thread and 1 in a worker, ` +
        `32 doorbells created and destroyed, 2 children, 1 of them SIGKILLed); ` +
        `fds ${fdsAtStart} → ${fdsAtEnd}; RSS ${MB(rssAfterWarmUp)} → ${MB(rssAtEnd)} ` +
        `(${rssAtEnd >= rssAfterWarmUp ? '+' : ''}${MB(rssAtEnd - rssAfterWarmUp)}, peak ${MB(peakRss)}); ` +
        `at the end ${memory(rssAtEnd)}`,
    );
    expect(fdsAfterWarmUp).toBe(fdsAtStart);
    expect(fdsAtEnd).toBe(fdsAtStart);
    expect(Math.abs(rssAtEnd - rssAfterWarmUp)).toBeLessThan(RSS_SLACK);
  });
});
