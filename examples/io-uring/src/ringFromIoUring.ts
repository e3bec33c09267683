import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Doorbell } from '@doorbell/core';
import { fromDoorbell } from '@doorbell/rx';
import { ensureRinger } from './ensureRinger.js';

/** uring-ringer's exit code when io_uring is unavailable on this machine (ENOSYS or EPERM). */
export const IO_URING_UNAVAILABLE = 3;

/** Options of {@link ringFromIoUring}. */
export interface IoUringRunOptions {
  /** Called with each line uring-ringer prints, as it prints it. */
  onLine?: (line: string) => void;
  /** Called with each count the doorbell's Observable emits, as it emits it. */
  onCount?: (count: number) => void;
}

/** What one run of uring-ringer did, and what the doorbell saw of it. */
export interface IoUringRun {
  /** uring-ringer's exit code: 0 done, 1 a call failed, 2 usage, 3 io_uring unavailable here. */
  readonly code: number | null;
  /** What it printed on stdout, line by line. */
  readonly lines: readonly string[];
  /** What it printed on stderr: the reason, when it failed. */
  readonly stderr: string;
  /** The submit calls it made and the completions it reaped (from its summary line; 0 if it failed). */
  readonly submits: number;
  readonly completions: number;
  /** Each count the doorbell's Observable emitted (its receiver coalesces signals close together). */
  readonly notifications: readonly number[];
  /** Their sum: how many times the kernel signalled the eventfd. */
  readonly total: number;
}

/**
 * Runs the uring-ringer helper (built first if need be) with a new doorbell's fd as its fd 3, and
 * collects what `fromDoorbell` emits while the helper's io_uring completions signal that eventfd.
 *
 * @example
 * ```ts
 * import { ringFromIoUring } from './ringFromIoUring.js';
 *
 * const run = await ringFromIoUring(['nops', '10', '1']);
 * console.log(`${run.completions} completions, the kernel rang ${run.total} times`);
 * ```
 * @param args the helper's arguments: `['probe']`, `['nops', count, submits]` or `['read', ...files]`
 * @param options `onLine`, `onCount`
 */
export async function ringFromIoUring(args: readonly string[], options: IoUringRunOptions = {}): Promise<IoUringRun> {
  const ringer = await ensureRinger();
  const bell = Doorbell.create();
  const notifications: number[] = [];
  const record = (count: number) => {
    notifications.push(count);
    options.onCount?.(count);
  };
  // Completes when the doorbell ends, after its last count.
  const watched = new Promise<void>((resolve, reject) => {
    fromDoorbell(bell).subscribe({ next: record, complete: resolve, error: reject });
  });
  try {
    // The fd is close-on-exec in this process; spawn dup2()s it to fd 3 in the child, where it
    // stays open across exec.
    const child = spawn(ringer, args, { stdio: ['ignore', 'pipe', 'pipe', bell.fd] });
    // Both are pipes ('pipe' above); node's types cannot tell that from a four-entry stdio array.
    const stdout = child.stdout!;
    const stderrStream = child.stderr!;
    const lines: string[] = [];
    createInterface({ input: stdout }).on('line', (line) => {
      lines.push(line);
      options.onLine?.(line);
    });
    let stderr = '';
    stderrStream.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });

    // Its completions were signalled before it saw them, so they are all in the eventfd's counter
    // by the time it exits: end() delivers them, and the stream completes. No settle timer.
    await bell.end();
    await watched;

    const summary = lines.map((line) => /^summary submits=(\d+) completions=(\d+)$/.exec(line)).find(Boolean);
    return {
      code,
      lines,
      stderr,
      submits: Number(summary?.[1] ?? 0),
      completions: Number(summary?.[2] ?? 0),
      notifications,
      total: notifications.reduce((sum, count) => sum + count, 0),
    };
  } finally {
    bell.close(); // after a failure; a no-op once ended
  }
}
