// Fan-in: N worker threads ring one doorbell; the main thread watches it as an Observable and checks
// that every ring arrives exactly once, however the kernel coalesces them into callbacks.
import { Worker } from 'node:worker_threads';
import { BehaviorSubject, bufferTime, lastValueFrom, map, scan } from 'rxjs';
import { Doorbell, type DoorbellHandle } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';
import { parseOptions, type Options, USAGE, UsageError } from './args.js';
import { formatCount, LiveLine, paint, secondLine, summary, type Totals } from './display.js';
import type { RingerData } from './ringer.js';

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
  // totals$ completes with the stream, once bell.end() has delivered the last count.
  const final$ = lastValueFrom(totals$);

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

    // Each worker's rings returned before it reported, so they are all in the doorbell: end() delivers
    // them, then the stream completes. No settle timer: what arrives is exactly what was rung.
    await bell.end();
    const final = await final$;
    perSecond.unsubscribe();
    live.end();

    console.log(`\n${summary(final, ringingSeconds)}\n`);
    if (final.rings === rung) {
      console.log(paint('green', `conservation: delivered ${formatCount(final.rings)} == rung ${formatCount(rung)} ✓`));
      return true;
    }
    console.log(
      paint('red', `conservation FAILED: delivered ${formatCount(final.rings)} != rung ${formatCount(rung)} ✗`) +
        ` (${formatCount(rung - final.rings)} rings unaccounted for after end())`,
    );
    return false;
  } finally {
    perSecond.unsubscribe();
    live.end();
    // After a failure: revokes the ringers, so a worker still ringing stops (no-op after end()).
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
