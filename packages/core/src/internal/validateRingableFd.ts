import type { NativeBinding } from '@doorbell/native';

// fdKind's 'pipe' and 'fifo' are write ends; their read ends are 'pipe-read' and 'fifo-read'.
const RINGABLE = new Set(['eventfd', 'pipe', 'fifo']);

/**
 * Contract point 15: an fd a raw ring may write 8 bytes to is an eventfd or the write end of a
 * pipe or FIFO. Anything else (a regular file, a socket, a terminal, a pipe's read end) would take
 * the bytes as data, or refuse them: a TypeError naming the argument, and nothing written.
 */
export function validateRingableFd(binding: NativeBinding, fd: number, name: string): void {
  let kind: string;
  try {
    kind = binding.fdKind(fd);
  } catch (error) {
    throw new TypeError(`${name} must be an open fd; ${fd} is not (${(error as Error).message})`, { cause: error });
  }
  if (!RINGABLE.has(kind)) {
    throw new TypeError(
      `${name} must be an eventfd or the write end of a pipe or FIFO; fd ${fd} is a ${kind.replace('-read', ' read end')}`,
    );
  }
}
