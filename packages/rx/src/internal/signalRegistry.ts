/**
 * The process signal listeners behind every `shutdownSignal`: one listener per signal for the
 * whole module, however many Observables and subscribers wait on it, added with the first waiter
 * and removed with the last (refcounted), so subscribing and unsubscribing never piles up
 * listeners or triggers a MaxListenersExceededWarning.
 *
 * Once shutdown has begun (a `shutdownSignal` has emitted), the signals it watched are pinned:
 * their listeners stay for the rest of the process, so a repeated Ctrl-C or SIGTERM does not kill
 * the process mid-drain through the default action. A pinned listener does nothing but remember
 * the signal, unless forcing is armed, when a SIGINT exits the process with code 130.
 *
 * Signal listeners never keep the event loop alive (Node unrefs its signal watchers).
 */

/** Called with the signal that arrived. */
export type SignalWaiter = (signal: NodeJS.Signals) => void;

/** The exit code of a process ended by SIGINT, as shells report it (128 + 2). */
export const FORCED_EXIT_CODE = 130;

interface Entry {
  readonly listener: () => void;
  readonly waiters: Set<SignalWaiter>;
  pinned: boolean;
}

const entries = new Map<NodeJS.Signals, Entry>();
/** Every watched signal that has arrived, in order of arrival: shutdown, once begun, stays begun. */
const received: NodeJS.Signals[] = [];
let forceArmed = false;

function entryFor(signal: NodeJS.Signals): Entry {
  let entry = entries.get(signal);
  if (entry === undefined) {
    const waiters = new Set<SignalWaiter>();
    const listener = () => {
      if (signal === 'SIGINT' && forceArmed) process.exit(FORCED_EXIT_CODE);
      if (!received.includes(signal)) received.push(signal);
      for (const waiter of [...waiters]) {
        if (waiters.has(waiter)) waiter(signal);
      }
    };
    entry = { listener, waiters, pinned: false };
    entries.set(signal, entry);
    process.on(signal, listener);
  }
  return entry;
}

function release(signal: NodeJS.Signals, entry: Entry): void {
  if (entry.waiters.size > 0 || entry.pinned || entries.get(signal) !== entry) return;
  entries.delete(signal);
  process.removeListener(signal, entry.listener);
}

/**
 * Calls `waiter` when any of `signals` arrives, until the returned function is called
 * (idempotent). The first waiter on a signal adds its process listener; the last one to leave
 * removes it, unless the signal is pinned.
 */
export function waitForSignals(signals: readonly NodeJS.Signals[], waiter: SignalWaiter): () => void {
  const held = signals.map((signal) => {
    const entry = entryFor(signal);
    entry.waiters.add(waiter);
    return [signal, entry] as const;
  });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const [signal, entry] of held) {
      entry.waiters.delete(waiter);
      release(signal, entry);
    }
  };
}

/** The first of `signals` to have arrived while watched, if any has. */
export function receivedAmong(signals: readonly NodeJS.Signals[]): NodeJS.Signals | undefined {
  return received.find((signal) => signals.includes(signal));
}

/** Keeps the listeners of `signals` for the rest of the process (shutdown has begun). */
export function pinSignals(signals: readonly NodeJS.Signals[]): void {
  for (const signal of signals) entryFor(signal).pinned = true;
}

/** From now on, a SIGINT exits the process at once with code 130. */
export function armForcedExit(): void {
  forceArmed = true;
  pinSignals(['SIGINT']);
}
