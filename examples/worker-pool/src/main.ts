// Worker pool: an Rx pipeline fans jobs out to worker threads (postMessage), and their progress
// comes back through one doorbell per worker, fanned in to one Observable that drives a live display.
import { bufferTime, filter, from, lastValueFrom, map, mergeMap, share, tap } from 'rxjs';
import { Doorbell, type DoorbellHandle } from '@doorbell/core';
import { fanIn } from '@doorbell/rx';
import { parseOptions, type Options, USAGE, UsageError } from './args.js';
import { Board } from './Board.js';
import { counted, formatCount, LiveBlock, paint, progressBlock, progressLine, totals } from './display.js';
import { randomJobs } from './jobs.js';
import { WorkerPool } from './WorkerPool.js';

/** The display's frame: a redraw on a terminal; a line per FRAMES_PER_LINE frames otherwise. */
const FRAME_MS = 100;
const FRAMES_PER_LINE = 10;

async function run({ jobs: jobCount, workers }: Options): Promise<boolean> {
  const jobs = randomJobs(jobCount);
  const units = jobs.reduce((sum, job) => sum + job.units, 0);
  const names = Array.from({ length: workers }, (_, i) => `w${i}`);
  const bells: Record<string, Doorbell> = Object.fromEntries(names.map((name) => [name, Doorbell.create()]));
  const handles: Record<string, DoorbellHandle> = Object.fromEntries(
    names.map((name) => [name, bells[name]!.handle()]),
  );
  const pool = new WorkerPool(handles);
  const board = new Board(names, jobs.length);

  const tty = process.stdout.isTTY === true;
  const live = new LiveBlock(process.stdout);
  // Each doorbell coalesces its worker's rings into wake-ups; bufferTime gathers the wake-ups into
  // frames, so the display redraws at its own pace however fast the workers ring.
  const frames$ = fanIn(bells).pipe(
    bufferTime(FRAME_MS),
    tap((counts) => board.progressed(counts)),
    share(),
  );
  const drawing = frames$
    .pipe(
      map((_, i) => i + 1),
      filter((frame) => tty || frame % FRAMES_PER_LINE === 0),
      map((frame) => (tty ? progressBlock(board) : [progressLine(board, (frame * FRAME_MS) / 1000)])),
    )
    .subscribe((lines) => live.show(lines));
  // fanIn completes once every doorbell has ended; bufferTime then emits its last frame.
  const lastFrame = lastValueFrom(frames$, { defaultValue: [] });

  console.log(
    `worker-pool: ${counted(jobs.length, 'job')} (${counted(units, 'unit')}) on ${counted(workers, 'worker thread')}, ` +
      `progress through one doorbell per worker\n`,
  );
  const started = performance.now();
  let seconds: number;
  try {
    await lastValueFrom(
      from(jobs).pipe(
        mergeMap((job) => pool.run(job), pool.size),
        tap((event) => board.record(event)),
      ),
    );
    seconds = (performance.now() - started) / 1000;
    // A worker rings for its last unit before it posts the job back, so every ring is in its
    // doorbell by now: end() delivers them all, then the streams complete. No settle timer.
    await Promise.all(Object.values(bells).map((bell) => bell.end()));
    await lastFrame;
    if (tty) live.show(progressBlock(board));
  } finally {
    drawing.unsubscribe();
    await pool.close();
    // After a failure: revokes the ringers and completes fanIn (a no-op after end()).
    for (const bell of Object.values(bells)) bell.close();
  }

  const reported = board.rows.reduce((sum, row) => sum + row.reported, 0);
  const done = board.rows.reduce((sum, row) => sum + row.unitsDone, 0);
  console.log(`\n${totals(board)}\n`);
  console.log(`  ${counted(board.jobsDone, 'job')}, ${counted(done, 'unit')} done in ${seconds.toFixed(1)} s\n`);
  if (board.settled && board.jobsDone === jobs.length && done === units) {
    console.log(paint('green', `units reported == units done: ${formatCount(reported)} == ${formatCount(done)} ✓`));
    return true;
  }
  console.log(
    paint(
      'red',
      `units reported == units done? FAILED: reported ${formatCount(reported)}, done ${formatCount(done)} of ${formatCount(units)} ✗`,
    ),
  );
  return false;
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`worker-pool: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

if (options.help) {
  console.log(USAGE);
} else if (!(await run(options))) {
  process.exitCode = 1;
}
