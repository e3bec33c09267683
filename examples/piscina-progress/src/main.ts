// piscina-progress: jobs run in a piscina pool; each job's progress comes back through a doorbell
// of its own, fanned in to one Observable. When a job's run() resolves, its figure is already
// exact (no progress message can arrive after the result, as it can with postMessage progress),
// and one job is cancelled half-way with an AbortSignal: its worker's next ring throws.
import { parseArgs } from 'node:util';
import { Piscina } from 'piscina';
import { scan } from 'rxjs';
import { DoorbellClosedError } from '@doorbell/core';
import { fanIn } from '@doorbell/rx';
import { runWithProgress } from './runWithProgress.js';

const USAGE = 'usage: piscina-progress [--jobs N (1..32, default 6)] [--units N (1..100000, default 300)]';

function wholeNumber(text: string | undefined, name: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new RangeError(`--${name} must be a whole number from 1 to ${max}; got '${text}'`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  let jobs: number;
  let units: number;
  try {
    const { values } = parseArgs({ args: argv, options: { jobs: { type: 'string' }, units: { type: 'string' } } });
    jobs = wholeNumber(values.jobs, 'jobs', 6, 32);
    units = wholeNumber(values.units, 'units', 300, 100_000);
  } catch (error) {
    console.error(`piscina-progress: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const pool = new Piscina({ filename: new URL('./task.js', import.meta.url).href, maxThreads: 2, minThreads: 2 });
  const cancel = new AbortController();
  const tasks = Array.from({ length: jobs }, (_, job) =>
    runWithProgress(pool, { units, unitMs: 0.2 }, job === 0 ? cancel.signal : undefined),
  );

  // Progress of every job, as one stream: the sum so far per job.
  const seen = new Array<number>(jobs).fill(0);
  const progress = fanIn(tasks.map((task) => task.progress)).pipe(
    scan((sums, { source, count }) => {
      sums[source] = (sums[source] ?? 0) + count;
      return sums;
    }, seen),
  );
  const finished = new Promise<void>((resolve, reject) => {
    progress.subscribe({
      next: (sums) => {
        if ((sums[0] ?? 0) >= units / 2) cancel.abort(); // job 0 is cancelled half-way
      },
      complete: resolve,
      error: reject,
    });
  });

  console.log(`piscina-progress: ${jobs} jobs of ${units} units on a pool of 2 threads\n`);
  let exact = true;
  await Promise.all(
    tasks.map(async ({ done }, job) => {
      try {
        const result = await done;
        // The moment run() resolved: what the doorbell delivered is already the whole job.
        const ok = seen[job] === result;
        exact &&= ok;
        console.log(`job ${job}: done, ${result} units; progress seen ${seen[job]} ${ok ? '✓' : '✗'}`);
      } catch (error) {
        if (!(error instanceof DoorbellClosedError)) throw error;
        console.log(`job ${job}: cancelled after ${seen[job]} of ${units} units; its next ring threw`);
      }
    }),
  );
  await finished;
  await pool.destroy();
  console.log(exact ? '\nevery finished job: progress == result ✓' : '\nprogress != result for some job ✗');
  return exact ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
