/**
 * The grace deadline of `shutdownSignal({ graceMs })`: once shutdown has begun, a process still
 * running `graceMs` later reports what holds its event loop on stderr and exits with
 * GRACE_EXPIRED_EXIT_CODE. One timer for the whole process, for the earliest deadline asked for;
 * it is unref'd, so a process that drains in time exits by itself as if there were none.
 */

/**
 * The exit code of a process whose grace deadline (`shutdownSignal({ graceMs })`) passed: 124, as
 * GNU `timeout` exits when time runs out. A supervisor can tell a drain that hung from a crash (1)
 * and from a clean stop (0, or death by the signal that was re-raised).
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import { GRACE_EXPIRED_EXIT_CODE } from '@doorbell/rx';
 *
 * const child = spawn(process.execPath, ['server.js'], { stdio: 'inherit' });
 * child.once('exit', (code) => {
 *   if (code === GRACE_EXPIRED_EXIT_CODE) console.error('server.js did not drain in time: see its stderr');
 * });
 * child.kill('SIGTERM');
 * ```
 */
export const GRACE_EXPIRED_EXIT_CODE = 124;

let deadline = Number.POSITIVE_INFINITY;
let timer: NodeJS.Timeout | undefined;

/** Arms the deadline `graceMs` from now, unless an earlier one is armed; `why` goes into the report. */
export function armGraceDeadline(graceMs: number, why: string): void {
  const at = Date.now() + graceMs;
  if (at >= deadline) return;
  deadline = at;
  clearTimeout(timer);
  timer = setTimeout(() => expire(graceMs, why), graceMs).unref();
}

function expire(graceMs: number, why: string): void {
  const held = new Map<string, number>();
  for (const resource of process.getActiveResourcesInfo()) held.set(resource, (held.get(resource) ?? 0) + 1);
  const list = [...held].map(([resource, count]) => (count > 1 ? `${resource} x${count}` : resource)).join(', ');
  process.stderr.write(
    `shutdownSignal: still running ${graceMs} ms after shutdown began (${why}); ` +
      `holding the event loop: ${list || 'nothing (a busy loop, or work on other threads)'}; ` +
      `exiting with code ${GRACE_EXPIRED_EXIT_CODE}\n`,
  );
  process.exit(GRACE_EXPIRED_EXIT_CODE);
}
