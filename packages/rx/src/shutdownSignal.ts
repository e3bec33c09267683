import { constants } from 'node:os';
import { Doorbell } from '@doorbell/core';
import { Observable, Subscription } from 'rxjs';
import { fromDoorbell } from './fromDoorbell.js';
import { armForcedExit, pinSignals, receivedAmong, waitForSignals } from './internal/signalRegistry.js';
import { describe, validateOptionalBoolean, validateOptions } from './internal/validate.js';

/**
 * Why shutdown began: a process signal, or a ring of the shutdown doorbell (from any thread or
 * process) carrying `count` rings (≥ 1).
 *
 * @example
 * ```ts
 * import { shutdownSignal, type ShutdownReason } from '@doorbell/rx';
 *
 * const describeReason = (reason: ShutdownReason): string =>
 *   reason.kind === 'signal' ? `got ${reason.signal}` : `the shutdown doorbell rang ${reason.count} times`;
 * shutdownSignal().subscribe((reason) => console.log(`shutting down: ${describeReason(reason)}`));
 * ```
 */
export type ShutdownReason =
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  | { readonly kind: 'doorbell'; readonly count: number };

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
 * - Once it has emitted, the listeners of its signals stay for the rest of the process, so a
 *   repeated Ctrl-C or SIGTERM does not kill the process mid-drain by the signal's default action:
 *   it is ignored, or with `forceOnSecond`, a SIGINT exits at once with code 130.
 * - Node delivers signals to the main thread only: in a worker thread, only the doorbell can
 *   begin shutdown.
 * - Completes without emitting only if `signals` is empty and the doorbell is (or becomes) closed
 *   without having rung: then nothing could end it. A ring count above Number.MAX_SAFE_INTEGER
 *   errors with RangeError, as {@link fromDoorbell} does.
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
 * @param options `signals`: the signals to watch (default SIGINT and SIGTERM). `doorbell`: a
 * doorbell whose ring begins shutdown. `forceOnSecond`: once shutting down, a SIGINT exits with
 * code 130 (default false). Each is described in {@link ShutdownSignalOptions}.
 * @returns an Observable of one {@link ShutdownReason}, then complete
 * @throws TypeError (synchronously) naming the option: options not an object, `signals` not an
 * array of strings, `doorbell` not a Doorbell, `forceOnSecond` not a boolean. RangeError for a
 * signal name Linux does not know or one that cannot be caught, and for empty `signals` with no
 * `doorbell`.
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
  if (signals.length === 0 && doorbell === undefined) {
    throw new RangeError(
      'shutdownSignal(options): options.signals is empty and there is no options.doorbell: nothing could begin shutdown',
    );
  }

  const latched = (): ShutdownReason | undefined => {
    const signal = receivedAmong(signals);
    if (signal !== undefined) return { kind: 'signal', signal };
    return doorbell === undefined ? undefined : doorbellReasons.get(doorbell);
  };

  return new Observable<ShutdownReason>((subscriber) => {
    const deliver = (reason: ShutdownReason) => {
      if (subscriber.closed) return;
      // Shutdown has begun: keep the listeners, so a repeated signal cannot kill the drain.
      pinSignals(signals);
      if (forceOnSecond) armForcedExit();
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
            if (signals.length === 0) subscriber.complete();
          },
        }),
      );
    }
    return watching;
  });
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
