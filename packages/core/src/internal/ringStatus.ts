import { getSystemErrorName } from 'node:util';
import { DoorbellClosedError } from '../DoorbellClosedError.js';
import { DoorbellOverflowError } from '../DoorbellOverflowError.js';

const EAGAIN = -11;

/** Turns the status a native ring returns into the error the contract names (or nothing). */
export function throwIfRingFailed(status: number, n: number | bigint): void {
  if (status === 0) return;
  if (status === 1) throw new DoorbellClosedError();
  if (status === EAGAIN) throw new DoorbellOverflowError(BigInt(n));
  throw errnoError('write', status);
}

/** An Error shaped like Node's own system errors: `code` (EBADF, ...), `errno`, `syscall`. */
function errnoError(syscall: string, status: number): Error {
  const code = getSystemErrorName(status);
  return Object.assign(new Error(`${syscall} failed: ${code}`), { code, errno: status, syscall });
}
