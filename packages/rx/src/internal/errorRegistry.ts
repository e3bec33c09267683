/**
 * The 'uncaughtException' and 'unhandledRejection' listeners behind `shutdownSignal({ errors:
 * true })`: one of each for the whole module, added with the first waiter and removed with the
 * last, like the signal listeners.
 *
 * While one is installed, Node no longer crashes on such an error: the listener is what turns it
 * into a graceful shutdown. So it prints the error on stderr (as Node would have) and sets
 * `process.exitCode = 1`, so the process, once drained, still exits as a crashed one would. It is
 * never pinned: once every subscriber has had the reason (and so has completed), the listeners go
 * away, and a further uncaught error during the drain crashes the process as usual.
 */
import { inspect } from 'node:util';

export type ErrorOrigin = 'uncaughtException' | 'unhandledRejection';

/** Called with the error and where it came from. */
export type ErrorWaiter = (error: unknown, origin: ErrorOrigin) => void;

const waiters = new Set<ErrorWaiter>();
let first: { readonly error: unknown; readonly origin: ErrorOrigin } | undefined;

const onUncaughtException = (error: unknown) => deliver(error, 'uncaughtException');
const onUnhandledRejection = (reason: unknown) => deliver(reason, 'unhandledRejection');

function deliver(error: unknown, origin: ErrorOrigin): void {
  process.stderr.write(`shutdownSignal: ${origin}, shutting down:\n${inspect(error)}\n`);
  process.exitCode = 1;
  first ??= { error, origin };
  for (const waiter of [...waiters]) {
    if (waiters.has(waiter)) waiter(error, origin);
  }
}

/** Calls `waiter` on an uncaught exception or unhandled rejection, until the returned function is called. */
export function waitForErrors(waiter: ErrorWaiter): () => void {
  if (waiters.size === 0) {
    process.on('uncaughtException', onUncaughtException);
    process.on('unhandledRejection', onUnhandledRejection);
  }
  waiters.add(waiter);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    waiters.delete(waiter);
    if (waiters.size > 0) return;
    process.removeListener('uncaughtException', onUncaughtException);
    process.removeListener('unhandledRejection', onUnhandledRejection);
  };
}

/** The first error delivered while watched, if any was. */
export function receivedError(): { readonly error: unknown; readonly origin: ErrorOrigin } | undefined {
  return first;
}
