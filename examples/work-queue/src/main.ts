// Work queue: the main thread rings one unit per job into a semaphore doorbell; worker threads open
// it as competing receivers, each drain takes one unit, and every unit goes to exactly one worker.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { distinctUntilChanged, EMPTY, firstValueFrom, interval, last, map, takeWhile, timeout } from 'rxjs';
import { Doorbell } from '@doorbell/core';
import { parseOptions, type Options, USAGE, UsageError } from './args.js';
import { counted, formatCount, paint, shares } from './display.js';
import type { TakerData } from './taker.js';

/** How often the main thread reads the tallies while it waits. */
const POLL_MS = 10;
/** Stop waiting when the tallies have not moved for this long: a lost unit must not hang the demo. */
const STALL_MS = 5000;

function startTaker(data: TakerData): Worker {
  return new Worker(new URL('./taker.js', import.meta.url), { workerData: data });
}

/** Resolves when the worker exits with code 0; rejects with its error otherwise. */
function exited(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a worker exited with code ${code}`))));
  });
}

function read(tallies: Int32Array): number[] {
  return Array.from(tallies, (_, i) => Atomics.load(tallies, i));
}

const total = (tallies: Int32Array): number => read(tallies).reduce((sum, n) => sum + n, 0);

/** Resolves once the workers have taken `units` in all, or once their tallies stop moving. */
function allTaken(tallies: Int32Array, units: number): Promise<number> {
  return firstValueFrom(
    interval(POLL_MS).pipe(
      map(() => total(tallies)),
      distinctUntilChanged(),
      takeWhile((taken) => taken < units, true),
      timeout({ each: STALL_MS, with: () => EMPTY }),
      last(),
    ),
  );
}

async function run({ units, workers }: Options): Promise<boolean> {
  const bell = Doorbell.create({ semaphore: true });
  const tallies = new Int32Array(new SharedArrayBuffer(workers * Int32Array.BYTES_PER_ELEMENT));
  const takers = Array.from({ length: workers }, (_, index) => startTaker({ handle: bell.handle(), tallies, index }));
  const allExited = Promise.all(takers.map(exited));
  // Raced against every wait below, so that a worker that dies early ends the run with its error
  // instead of leaving the main thread waiting.
  const diedEarly = allExited.then(() => {
    throw new Error('the workers exited before the doorbell was closed');
  });

  console.log(
    `work-queue: ${counted(units, 'unit')}, ${counted(workers, 'worker thread')} competing for one semaphore doorbell\n`,
  );
  let seconds: number;
  try {
    // Queue the work only once every worker is watching, so that none gets a head start.
    await Promise.race([Promise.all(takers.map((taker) => once(taker, 'message'))), diedEarly]);
    const started = performance.now();
    for (let i = 0; i < units; i++) bell.ring();
    await Promise.race([allTaken(tallies, units), diedEarly]);
    seconds = (performance.now() - started) / 1000;
  } finally {
    // Completes every worker's Observable, and with nothing left to watch they exit.
    bell.close();
  }
  await allExited;

  const counts = read(tallies);
  const taken = counts.reduce((sum, n) => sum + n, 0);
  console.log(`${shares(counts)}\n`);
  console.log(
    `  ${counted(taken, 'unit')} taken in ${seconds.toFixed(2)} s (${formatCount(Math.round(taken / seconds))} units/s)\n`,
  );
  if (taken === units) {
    console.log(paint('green', `every unit taken exactly once: ${formatCount(taken)} == ${formatCount(units)} ✓`));
    return true;
  }
  console.log(
    paint('red', `every unit taken exactly once? FAILED: taken ${formatCount(taken)} != rung ${formatCount(units)} ✗`),
  );
  return false;
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`work-queue: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

if (options.help) {
  console.log(USAGE);
} else if (!(await run(options))) {
  process.exitCode = 1;
}
