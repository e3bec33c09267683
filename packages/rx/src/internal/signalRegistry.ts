/**
 * The process signal listeners behind every `shutdownSignal`: one listener per signal for the
 * whole module, however many Observables and subscribers wait on it, added with the first waiter
 * and removed with the last (refcounted), so subscribing and unsubscribing never piles up
 * listeners or triggers a MaxListenersExceededWarning.
 *
 * Once shutdown has begun (a `shutdownSignal` has emitted), the signals it watched are pinned:
 * their listeners stay, so a repeated Ctrl-C or SIGTERM does not kill the process mid-drain
 * through the default action. A pinned listener does nothing but remember the signal, unless
 * forcing is armed, when a SIGINT exits the process with code 130.
 *
 * Pinning must never stand between the process and a signal that other code re-raises on
 * purpose. NestJS's `enableShutdownHooks` (and close-with-grace, and many hand-written handlers)
 * do this on SIGTERM: run their hooks, remove their own listener, then
 * `process.kill(process.pid, signal)`, expecting the default action to end the process. A pinned
 * listener would swallow that second delivery and the process would hang until killed. So the
 * rule is: a pinned signal is held only while no other code has let go of it. When, after
 * shutdown has begun, another listener of a pinned signal is removed and leaves ours the only
 * one, ours is removed at once, in the same call (the 'removeListener' event is synchronous),
 * before the re-raise can arrive: Node then restores the default action and the re-raised signal
 * ends the process. A signal let go of this way is never caught again by this module.
 *
 * Our listeners are prepended, so during a delivery ours runs first and has begun shutdown
 * (pinned) before a handler later in the list removes itself and re-raises.
 *
 * Signal listeners never keep the event loop alive (Node unrefs its signal watchers).
 */

/** Called with the signal that arrived. */
export type SignalWaiter = (signal: NodeJS.Signals) => void;

/** The exit code of a process ended by SIGINT, as shells report it (128 + 2). */
const FORCED_EXIT_CODE = 130;

interface Entry {
  readonly listener: () => void;
  readonly waiters: Set<SignalWaiter>;
  pinned: boolean;
}

const entries = new Map<NodeJS.Signals, Entry>();
/** Every watched signal that has arrived, in order of arrival: shutdown, once begun, stays begun. */
const received: NodeJS.Signals[] = [];
/** Signals handed back to other code (see the rule above): never listened to again. */
const letGo = new Set<NodeJS.Signals>();
let forceArmed = false;

function entryFor(signal: NodeJS.Signals): Entry | undefined {
  if (letGo.has(signal)) return undefined;
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
    if (entries.size === 0) process.on('removeListener', onListenerRemoved);
    entries.set(signal, entry);
    process.prependListener(signal, listener);
  }
  return entry;
}

function remove(signal: NodeJS.Signals, entry: Entry): void {
  entries.delete(signal);
  process.removeListener(signal, entry.listener);
  if (entries.size === 0) process.removeListener('removeListener', onListenerRemoved);
}

/** Other code removed a listener: if it let go of a pinned signal, let go of it too. */
function onListenerRemoved(event: string | symbol, removed: unknown): void {
  const signal = event as NodeJS.Signals;
  const entry = entries.get(signal);
  if (entry === undefined || removed === entry.listener || !entry.pinned) return;
  if (process.listeners(signal).some((listener) => listener !== entry.listener)) return;
  letGo.add(signal);
  remove(signal, entry);
}

function release(signal: NodeJS.Signals, entry: Entry): void {
  if (entry.waiters.size > 0 || entry.pinned || entries.get(signal) !== entry) return;
  remove(signal, entry);
}

/**
 * Calls `waiter` when any of `signals` arrives, until the returned function is called
 * (idempotent). The first waiter on a signal adds its process listener; the last one to leave
 * removes it, unless the signal is pinned.
 */
export function waitForSignals(signals: readonly NodeJS.Signals[], waiter: SignalWaiter): () => void {
  const held = signals.flatMap((signal) => {
    const entry = entryFor(signal);
    if (entry === undefined) return [];
    entry.waiters.add(waiter);
    return [[signal, entry] as const];
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

/** Keeps the listeners of `signals` (shutdown has begun), until other code lets go of them. */
export function pinSignals(signals: readonly NodeJS.Signals[]): void {
  for (const signal of signals) {
    const entry = entryFor(signal);
    if (entry !== undefined) entry.pinned = true;
  }
}

/** From now on, a SIGINT exits the process at once with code 130. */
export function armForcedExit(): void {
  forceArmed = true;
  pinSignals(['SIGINT']);
}
