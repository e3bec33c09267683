import { constants } from 'node:os';
import { Doorbell } from '@doorbell/core';
import { Observable, Subscription } from 'rxjs';
import { fromDoorbell } from './fromDoorbell.js';
import { describeReason } from './internal/describeReason.js';
import { type ErrorOrigin, receivedError, waitForErrors } from './internal/errorRegistry.js';
import { armGraceDeadline } from './internal/graceDeadline.js';
import { armForcedExit, pinSignals, receivedAmong, waitForSignals } from './internal/signalRegistry.js';
import { describe, validateOptionalBoolean, validateOptions } from './internal/validate.js';

export { GRACE_EXPIRED_EXIT_CODE } from './internal/graceDeadline.js';

/**
 * Why shutdown began: a process signal; a ring of the shutdown doorbell (from any thread or
 * process) carrying `count` rings (≥ 1); or, with `errors: true`, an uncaught exception or an
 * unhandled rejection (`origin`), whose thrown value is `error`.
 *
 * @example
 * ```ts
 * import { shutdownSignal, type ShutdownReason } from '@doorbell/rx';
 *
 * const describeReason = (reason: ShutdownReason): string => {
 *   switch (reason.kind) {
 *     case 'signal':
 *       return `got ${reason.signal}`;
 *     case 'doorbell':
 *       return `the shutdown doorbell rang ${reason.count} times`;
 *     case 'error':
 *       return `${reason.origin}: ${String(reason.error)}`;
 *   }
 * };
 * shutdownSignal({ errors: true }).subscribe((reason) => console.log(`shutting down: ${describeReason(reason)}`));
 * ```
 */
export type ShutdownReason =
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'doorbell'; readonly count: number }
  | { readonly kind: 'error'; readonly origin: ErrorOrigin; readonly error: unknown };

/**
 * Options of {@link shutdownSignal}.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { shutdownSignal, type ShutdownSignalOptions } from '@doorbell/rx';
 *
 * const options: ShutdownSignalOptions = {
 *   signals: ['SIGINT', 'SIGTERM', 'SIGHUP'],
 *   doorbell: Doorbell.create(),  // hand options.doorbell.handle() to workers and children
 *   forceOnSecond: true,          // a CLI: a second Ctrl-C exits at once with code 130
 *   graceMs: 10_000,              // still running 10 s after shutdown began: report and exit 124
 *   errors: true,                 // an uncaught exception drains too, then exits with code 1
 * };
 * shutdownSignal(options).subscribe((reason) => console.log(reason));
 * ```
 */
export interface ShutdownSignalOptions {
  /**
   * The process signals that begin shutdown, by name. Default `['SIGINT', 'SIGTERM']`. May be
   * empty when `doorbell` is given. SIGKILL and SIGSTOP cannot be caught, and SIGSEGV, SIGBUS,
   * SIGFPE and SIGILL must not be: naming one is a RangeError, as is a name Linux does not know.
   */
  signals?: readonly NodeJS.Signals[];
  /**
   * A doorbell whose first ring (from this thread, a worker given its handle, a child process given
   * its fd) begins shutdown with `{ kind: 'doorbell', count }`. Watched with `ref: false`: it never
   * keeps the process alive. A ring made while nobody is subscribed stays pending and begins
   * shutdown for the next subscriber. Closing the doorbell only stops watching it.
   */
  doorbell?: Doorbell;
  /**
   * Once shutdown has begun (this Observable has emitted), the next SIGINT exits the process at
   * once with `process.exit(130)`, the code a shell reports for Ctrl-C: the second Ctrl-C of a
   * user who does not want to wait for the drain. Only the process's `'exit'` listeners run
   * then: work in flight is abandoned. Default false: later signals are ignored and the drain
   * goes on. Meant for command-line programs; leave it off in a library.
   */
  forceOnSecond?: boolean;
  /**
   * The grace deadline, in milliseconds (a positive safe integer). Once shutdown has begun, a
   * process still running `graceMs` later writes to stderr what still holds its event loop
   * (`process.getActiveResourcesInfo()`: sockets, servers, timers, ...) and exits with
   * {@link GRACE_EXPIRED_EXIT_CODE} (124). The timer never keeps the process alive; with several
   * deadlines, the earliest wins. Default: none, the drain may take as long as it takes (set one
   * shorter than your orchestrator's kill timeout, e.g. Kubernetes' 30 s
   * `terminationGracePeriodSeconds`, so that the report is written before SIGKILL).
   */
  graceMs?: number;
  /**
   * Opt in: an uncaught exception or an unhandled rejection begins shutdown, with
   * `{ kind: 'error', origin, error }`, instead of crashing the process at once. The error is
   * written to stderr as Node would, and `process.exitCode` is set to 1, so the process exits with
   * 1 once drained. Only while a subscriber with `errors: true` is subscribed; once shutdown has
   * begun, a further uncaught error crashes the process as usual. Default false.
   */
  errors?: boolean;
}

const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = Object.freeze(['SIGINT', 'SIGTERM']);

/** Signals a listener cannot catch (the kernel never delivers them) or must not (CPU faults). */
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP', 'SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL']);

/** The first doorbell reason each shutdown doorbell delivered: a later subscriber gets it at once. */
const doorbellReasons = new WeakMap<Doorbell, ShutdownReason>();

/**
 * An Observable that emits once, with the {@link ShutdownReason}, then completes, when the
 * process is asked to shut down: SIGINT or SIGTERM (or the `signals` you name) arrives, or any
 * thread or process rings the shutdown `doorbell`.
 *
 * Use it to end work gracefully: `source$.pipe(takeUntil(shutdownSignal()))` stops taking new
 * work at the first Ctrl-C, `kill`, container stop or ring from a worker.
 *
 * - Shared: any number of subscribers, to this Observable or to any other `shutdownSignal()`,
 *   share one process listener per signal, added with the first subscriber that watches it and
 *   removed when the last one leaves. Subscribing and unsubscribing any number of times leaves no
 *   listener behind and never triggers a MaxListenersExceededWarning.
 * - Latched: shutdown, once begun, stays begun. A subscriber that arrives after one of its signals
 *   was delivered (or after its doorbell rang for an earlier subscriber) gets that reason at once.
 * - It never keeps the process alive: signal listeners do not hold the event loop open, and the
 *   doorbell is watched with `ref: false`. A program whose other work is done exits as usual.
 * - Once it has emitted, the listeners of its signals stay, so a repeated Ctrl-C or SIGTERM does
 *   not kill the process mid-drain by the signal's default action: it is ignored, or with
 *   `forceOnSecond`, a SIGINT exits at once with code 130.
 * - It never stands between the process and a signal that other code re-raises on purpose. A
 *   framework that, on SIGTERM, runs its hooks, removes its own listener and re-raises the signal
 *   (NestJS's `enableShutdownHooks`, many hand-written handlers) ends the process by that signal,
 *   as it would without shutdownSignal: when other code lets go of a signal after shutdown has
 *   begun, leaving shutdownSignal's listener the only one, shutdownSignal lets go of it too, at
 *   once and for good.
 * - Opt-ins: `graceMs`, a deadline after which a process still running reports what holds it and
 *   exits with code 124; `errors`, an uncaught exception or unhandled rejection as a reason of its
 *   own kind. For an AbortSignal, or a flag a readiness probe reads, see {@link watchShutdown}.
 * - Node delivers signals to the main thread only: in a worker thread, only the doorbell can
 *   begin shutdown.
 * - Completes without emitting only if `signals` is empty, `errors` is off and the doorbell is (or
 *   becomes) closed without having rung: then nothing could end it. A ring count above
 *   Number.MAX_SAFE_INTEGER errors with RangeError, as {@link fromDoorbell} does.
 *
 * The graceful drain, in four steps:
 * 1. Stop taking new work: `takeUntil(shutdownSignal())` on the source of new work (requests,
 *    jobs, messages), upstream of where the work runs.
 * 2. Let in-flight work finish: put `takeUntil` before `mergeMap` / `concatMap`, not after. Then
 *    the pipeline completes only when the cut source has completed and every inner Observable
 *    already started has completed. (`takeUntil` after them would abandon the work in flight.)
 * 3. Close what you opened when it completes: doorbells (which revokes every ringer, so workers
 *    still ringing stop), worker pools, servers.
 * 4. Exit with code 0: with nothing left to keep it alive the process ends by itself, with
 *    `process.exitCode` (0 unless set). `process.exit(0)` works too, but hides a leak.
 *
 * @example
 * ```ts
 * import { Doorbell } from '@doorbell/core';
 * import { shutdownSignal } from '@doorbell/rx';
 * import { interval, mergeMap, takeUntil, timer } from 'rxjs';
 *
 * const stop = Doorbell.create();  // Ringer.open(stop.handle()).ring() in any worker shuts down too
 * const shutdown$ = shutdownSignal({ doorbell: stop, forceOnSecond: true });
 * shutdown$.subscribe((reason) => console.log('shutting down:', reason));
 *
 * interval(100)                                   // new work arrives
 *   .pipe(
 *     takeUntil(shutdown$),                       // 1. stop taking new work
 *     mergeMap((job) => timer(500), 4),           // 2. in-flight jobs finish
 *   )
 *   .subscribe({
 *     complete: () => {
 *       stop.close();                             // 3. close doorbells, pools, servers
 *       console.log('drained, exiting with code 0');  // 4. nothing keeps the process alive now
 *     },
 *   });
 * ```
 * @see fromDoorbell
 * @see watchShutdown
 * @param options `signals`: the signals to watch (default SIGINT and SIGTERM). `doorbell`: a
 * doorbell whose ring begins shutdown. `forceOnSecond`: once shutting down, a SIGINT exits with
 * code 130 (default false). `graceMs`: the grace deadline. `errors`: uncaught errors begin
 * shutdown (default false). Each is described in {@link ShutdownSignalOptions}.
 * @returns an Observable of one {@link ShutdownReason}, then complete
 * @throws TypeError (synchronously) naming the option: options not an object, `signals` not an
 * array of strings, `doorbell` not a Doorbell, `forceOnSecond` or `errors` not a boolean,
 * `graceMs` not a number. RangeError for a signal name Linux does not know or one that cannot be
 * caught, for a `graceMs` that is not a positive safe integer, and for empty `signals` with no
 * `doorbell` and no `errors`.
 */
export function shutdownSignal(options?: ShutdownSignalOptions): Observable<ShutdownReason> {
  const raw = validateOptions(options, 'shutdownSignal(options): options');
  const signals =
    raw.signals === undefined
      ? DEFAULT_SIGNALS
      : validateSignals(raw.signals, 'shutdownSignal(options): options.signals');
  const doorbell = raw.doorbell;
  if (doorbell !== undefined && !(doorbell instanceof Doorbell)) {
    throw new TypeError(`shutdownSignal(options): options.doorbell must be a Doorbell; got ${describe(doorbell)}`);
  }
  const forceOnSecond =
    validateOptionalBoolean(raw.forceOnSecond, 'shutdownSignal(options): options.forceOnSecond') ?? false;
  const graceMs = validateGraceMs(raw.graceMs, 'shutdownSignal(options): options.graceMs');
  const errors = validateOptionalBoolean(raw.errors, 'shutdownSignal(options): options.errors') ?? false;
  if (signals.length === 0 && doorbell === undefined && !errors) {
    throw new RangeError(
      'shutdownSignal(options): options.signals is empty and there is no options.doorbell (and options.errors is off): nothing could begin shutdown',
    );
  }

  const latched = (): ShutdownReason | undefined => {
    const signal = receivedAmong(signals);
    if (signal !== undefined) return { kind: 'signal', signal };
    const error = errors ? receivedError() : undefined;
    if (error !== undefined) return { kind: 'error', ...error };
    return doorbell === undefined ? undefined : doorbellReasons.get(doorbell);
  };

  return new Observable<ShutdownReason>((subscriber) => {
    const deliver = (reason: ShutdownReason) => {
      if (subscriber.closed) return;
      // Shutdown has begun: keep the listeners, so a repeated signal cannot kill the drain.
      pinSignals(signals);
      if (forceOnSecond) armForcedExit();
      if (graceMs !== undefined) armGraceDeadline(graceMs, describeReason(reason));
      subscriber.next(reason);
      subscriber.complete();
    };

    const earlier = latched();
    if (earlier !== undefined) {
      deliver(earlier);
      return undefined;
    }

    const watching = new Subscription();
    watching.add(waitForSignals(signals, (signal) => deliver({ kind: 'signal', signal })));
    if (errors) watching.add(waitForErrors((error, origin) => deliver({ kind: 'error', origin, error })));
    if (doorbell !== undefined) {
      watching.add(
        fromDoorbell(doorbell, { ref: false }).subscribe({
          next: (count) => {
            const reason: ShutdownReason = { kind: 'doorbell', count };
            if (!doorbellReasons.has(doorbell)) doorbellReasons.set(doorbell, reason);
            deliver(reason);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (signals.length === 0 && !errors) subscriber.complete();
          },
        }),
      );
    }
    return watching;
  });
}

function validateGraceMs(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number')
    throw new TypeError(`${name} must be a number of milliseconds; got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive safe integer (milliseconds); got ${describe(value)}`);
  }
  return value;
}

function validateSignals(value: unknown, name: string): readonly NodeJS.Signals[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array of signal names; got ${describe(value)}`);
  const signals = new Set<NodeJS.Signals>();
  value.forEach((signal: unknown, index) => {
    if (typeof signal !== 'string')
      throw new TypeError(`${name}[${index}] must be a signal name; got ${describe(signal)}`);
    if (!Object.hasOwn(constants.signals, signal)) {
      throw new RangeError(`${name}[${index}] must be a signal name such as 'SIGTERM'; got ${describe(signal)}`);
    }
    if (UNCATCHABLE.has(signal)) {
      throw new RangeError(
        `${name}[${index}]: ${signal} cannot (or must not) be caught by a listener; got ${describe(signal)}`,
      );
    }
    signals.add(signal as NodeJS.Signals);
  });
  return Object.freeze([...signals]);
}
