import { readdirSync } from 'node:fs';

/** The number of fds this process has open right now. */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}
