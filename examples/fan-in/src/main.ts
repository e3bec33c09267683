// Fan-in: N worker threads ring one doorbell; the main thread watches it as an Observable and checks
// that every ring arrives exactly once, however the kernel coalesces them into callbacks.
import { Worker } from 'node:worker_threads';
import { BehaviorSubject, bufferTime, first, firstValueFrom, map, of, scan, timeout } from 'rxjs';
import { Doorbell, type DoorbellHandle } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';
import { parseOptions, type Options, USAGE, UsageError } from './args.js';
import { formatCount, LiveLine, paint, secondLine, summary, type Totals } from './display.js';
import type { RingerData } from './ringer.js';

/** How long the last rings may take to arrive after the workers have reported. */
const SETTLE_MS = 2000;

const NONE: Totals = { rings: 0, callbacks: 0 };

function startRinger(handle: DoorbellHandle, seconds: number): Promise<number> {
  const workerData: RingerData = { handle, seconds };
  const worker = new Worker(new URL('./ringer.js', import.meta.url), { workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a ringer exited with code ${code} before reporting`)));
  });
}

async function run({ workers, seconds }: Options): Promise<boolean> {
  const bell = Doorbell.create();
  const counts$ = fromDoorbell(bell);

  // Every count the doorbell delivers is a callback carrying one or more coalesced rings.
  const totals$ = new BehaviorSubject(NONE);
  counts$.pipe(scan((t, count) => ({ rings: t.rings + count, callbacks: t.callbacks + 1 }), NONE)).subscribe(totals$);

  const live = new LiveLine(process.stdout);
  const perSecond = counts$
    .pipe(
      bufferTime(1000),
      map((counts, i) => ({
        second: Math.min(i + 1, seconds),
        seconds,
        rings: counts.reduce((sum, count) => sum + count, 0),
        callbacks: counts.length,
      })),
    )
    .subscribe((second) => live.show(secondLine(second)));

  console.log(`fan-in: ${workers} worker thread${workers === 1 ? '' : 's'} ringing one doorbell for ${seconds} s\n`);
  const started = performance.now();
  try {
    const reports = await Promise.all(Array.from({ length: workers }, () => startRinger(bell.handle(), seconds)));
    const ringingSeconds = (performance.now() - started) / 1000;
    const rung = reports.reduce((sum, count) => sum + count, 0);

    // The workers' last rings are already counted in the kernel, but reach this thread only on
    // its next wake-up: wait for them, though not forever.
    const final = await firstValueFrom(
      totals$.pipe(
        first((t) => t.rings >= rung),
        timeout({ first: SETTLE_MS, with: () => of(totals$.value) }),
      ),
    );
    perSecond.unsubscribe();
    live.end();

    console.log(`\n${summary(final, ringingSeconds)}\n`);
    if (final.rings === rung) {
      console.log(paint('green', `conservation: delivered ${formatCount(final.rings)} == rung ${formatCount(rung)} ✓`));
      return true;
    }
    console.log(
      paint('red', `conservation FAILED: delivered ${formatCount(final.rings)} != rung ${formatCount(rung)} ✗`) +
        ` (${formatCount(rung - final.rings)} rings unaccounted for ${SETTLE_MS / 1000} s after the workers ended)`,
    );
    return false;
  } finally {
    perSecond.unsubscribe();
    live.end();
    // Also revokes the ringers, so a worker still ringing after a failure stops.
    bell.close();
  }
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`fan-in: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

if (options.help) {
  console.log(USAGE);
} else if (!(await run(options))) {
  process.exitCode = 1;
}
