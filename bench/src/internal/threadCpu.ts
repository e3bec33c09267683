// CPU time of the main thread alone (process.cpuUsage() would add every worker's).
import { readFileSync } from 'node:fs';

const TASK = `/proc/self/task/${process.pid}`; // the main thread's tid is the pid

/**
 * What {@link mainThreadCpuNs} reads: `schedstat` is the scheduler's on-CPU time in ns (user +
 * system, updated at every context switch and tick, so a reading can lag by up to one tick);
 * `stat` is utime + stime in clock ticks (10 ms), the fallback where schedstat is missing.
 */
export const threadCpuSource: 'schedstat' | 'stat' = (() => {
  try {
    readFileSync(`${TASK}/schedstat`, 'utf8');
    return 'schedstat';
  } catch {
    return 'stat';
  }
})();

/** On-CPU time of the process's main thread so far, in ns. Call it from the main thread. */
export function mainThreadCpuNs(): number {
  if (threadCpuSource === 'schedstat') {
    return Number(readFileSync(`${TASK}/schedstat`, 'utf8').split(' ')[0]);
  }
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const stat = readFileSync(`${TASK}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 1e7;
}
