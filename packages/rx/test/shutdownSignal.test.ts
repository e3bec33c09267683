import { Doorbell } from '@doorbell/core';
import { firstValueFrom, interval, type Subscription, takeUntil, toArray } from 'rxjs';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { turns } from '@doorbell/test-support';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GRACE_EXPIRED_EXIT_CODE,
  ShutdownError,
  type ShutdownReason,
  shutdownSignal,
  watchShutdown,
} from '../src/index.js';
import { type RunningChild, startPlainNode } from './helpers/child.js';
import { startWorker } from './helpers/workers.js';

// In this process no signal is ever delivered (process.emit would not be a real signal, and a
// real one could kill the test runner): these tests cover validation, listener bookkeeping and the
// doorbell, with `signals: []` wherever shutdown actually begins, since beginning it keeps the
// listeners of the watched signals for the rest of the process. Real signals go to child
// processes, in the second half of this file.

const listenerCounts = (...signals: NodeJS.Signals[]) => signals.map((signal) => process.listenerCount(signal));

describe('shutdownSignal', () => {
  it('throws synchronously for bad options, naming the option', () => {
    using bell = Doorbell.create();
    expect(() => shutdownSignal(5 as never)).toThrow(TypeError);
    expect(() => shutdownSignal(null as never)).toThrow(/options must be an object/);
    expect(() => shutdownSignal({ signals: 'SIGINT' as never })).toThrow(/options\.signals must be an array/);
    expect(() => shutdownSignal({ signals: ['SIGINT', 15 as never] })).toThrow(TypeError);
    expect(() => shutdownSignal({ signals: ['SIGINT', 15 as never] })).toThrow(/options\.signals\[1\]/);
    expect(() => shutdownSignal({ signals: ['SIGFOO' as never] })).toThrow(RangeError);
    expect(() => shutdownSignal({ signals: ['sigint' as never] })).toThrow(
      /options\.signals\[0\] must be a signal name/,
    );
    expect(() => shutdownSignal({ signals: ['SIGTERM', 'SIGKILL'] })).toThrow(RangeError);
    expect(() => shutdownSignal({ signals: ['SIGSTOP'] })).toThrow(/options\.signals\[0\]: SIGSTOP cannot/);
    expect(() => shutdownSignal({ signals: ['SIGSEGV'] })).toThrow(RangeError);
    expect(() => shutdownSignal({ signals: ['toString' as never] })).toThrow(RangeError);
    expect(() => shutdownSignal({ doorbell: {} as never })).toThrow(/options\.doorbell must be a Doorbell/);
    expect(() => shutdownSignal({ doorbell: bell.handle() as never })).toThrow(TypeError);
    expect(() => shutdownSignal({ forceOnSecond: 'yes' as never })).toThrow(/options\.forceOnSecond must be a boolean/);
    expect(() => shutdownSignal({ graceMs: '5s' as never })).toThrow(/options\.graceMs must be a number/);
    expect(() => shutdownSignal({ graceMs: 0 })).toThrow(RangeError);
    expect(() => shutdownSignal({ graceMs: 1.5 })).toThrow(/options\.graceMs must be a positive safe integer/);
    expect(() => shutdownSignal({ errors: 1 as never })).toThrow(/options\.errors must be a boolean/);
    expect(() => watchShutdown({ errors: 1 as never })).toThrow(/options\.errors must be a boolean/);
    expect(() => shutdownSignal({ signals: [], errors: false })).toThrow(/and options\.errors is off/);
    shutdownSignal({ signals: [], errors: true }); // an uncaught error could begin it
    expect(() => shutdownSignal({ signals: [] })).toThrow(RangeError);
    expect(() => shutdownSignal({ signals: [] })).toThrow(
      /options\.signals is empty and there is no options\.doorbell/,
    );
    expect(listenerCounts('SIGINT', 'SIGTERM')).toEqual([0, 0]);
  });

  it('is an Observable of ShutdownReason', () => {
    expectTypeOf(shutdownSignal()).toEqualTypeOf<import('rxjs').Observable<ShutdownReason>>();
    // @ts-expect-error: signal names are checked at compile time too
    expect(() => shutdownSignal({ signals: ['SIGFOO'] })).toThrow(RangeError);
  });

  it('adds nothing until subscribed', () => {
    shutdownSignal();
    shutdownSignal({ signals: ['SIGHUP'] });
    expect(listenerCounts('SIGINT', 'SIGTERM', 'SIGHUP')).toEqual([0, 0, 0]);
  });

  it('shares one listener per signal among any number of subscribers and calls, removed with the last', () => {
    const [sigint, sigterm] = listenerCounts('SIGINT', 'SIGTERM');
    const shared = shutdownSignal();
    const subscriptions: Subscription[] = [];
    for (let i = 0; i < 50; i++) {
      subscriptions.push(shared.subscribe());
      subscriptions.push(shutdownSignal({ signals: ['SIGTERM', 'SIGINT'] }).subscribe());
    }
    expect(listenerCounts('SIGINT', 'SIGTERM')).toEqual([sigint! + 1, sigterm! + 1]);
    for (const subscription of subscriptions.slice(1)) subscription.unsubscribe();
    expect(listenerCounts('SIGINT', 'SIGTERM')).toEqual([sigint! + 1, sigterm! + 1]);
    subscriptions[0]!.unsubscribe();
    expect(listenerCounts('SIGINT', 'SIGTERM')).toEqual([sigint, sigterm]);
  });

  it('leaves no listener and no leak warning after 100 subscribe/unsubscribe cycles', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const before = listenerCounts('SIGINT', 'SIGTERM', 'SIGHUP');
      const shared = shutdownSignal();
      const kept: Subscription[] = [];
      for (let i = 0; i < 100; i++) {
        shared.subscribe().unsubscribe();
        shutdownSignal().subscribe().unsubscribe();
        kept.push(shutdownSignal({ signals: ['SIGHUP', 'SIGTERM'] }).subscribe()); // and 100 at once
      }
      expect(listenerCounts('SIGINT', 'SIGTERM', 'SIGHUP')).toEqual([before[0], before[1]! + 1, before[2]! + 1]);
      for (const subscription of kept) subscription.unsubscribe();
      expect(listenerCounts('SIGINT', 'SIGTERM', 'SIGHUP')).toEqual(before);
      await turns(); // warnings are emitted on a later tick
      expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('errors: true adds one uncaughtException and one unhandledRejection listener, shared, removed with the last', () => {
    const errorListeners = () => ['uncaughtException', 'unhandledRejection'].map((e) => process.listenerCount(e));
    const [exceptions, rejections] = errorListeners();
    const subscriptions = [1, 2, 3].map(() => shutdownSignal({ signals: [], errors: true }).subscribe());
    using watch = watchShutdown({ signals: [], errors: true });
    expect(errorListeners()).toEqual([exceptions! + 1, rejections! + 1]);
    for (const subscription of subscriptions) subscription.unsubscribe();
    watch.close();
    expect(errorListeners()).toEqual([exceptions, rejections]);
    expect(watch.begun).toBe(false);
  });

  it('watches only the signals it is given, each once however often it is named', () => {
    const subscription = shutdownSignal({ signals: ['SIGUSR2', 'SIGHUP', 'SIGUSR2'] }).subscribe();
    expect(listenerCounts('SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR2')).toEqual([0, 0, 1, 1]);
    subscription.unsubscribe();
    expect(listenerCounts('SIGHUP', 'SIGUSR2')).toEqual([0, 0]);
  });
});

describe('shutdownSignal({ doorbell })', () => {
  it('emits { kind: "doorbell", count } once when the doorbell rings, then completes', async () => {
    using bell = Doorbell.create();
    const reasons = firstValueFrom(shutdownSignal({ doorbell: bell, signals: [] }).pipe(toArray()));
    bell.ring(2);
    expect(await reasons).toEqual([{ kind: 'doorbell', count: 2 }]);
    bell.ring();
    await turns();
    expect(bell.drain()).toBe(1); // no longer watched once it has emitted
  });

  it('gives every subscriber the reason, and later subscribers too, at once', async () => {
    using bell = Doorbell.create();
    const shutdown$ = shutdownSignal({ doorbell: bell, signals: [] });
    const a = firstValueFrom(shutdown$);
    const b = firstValueFrom(shutdownSignal({ doorbell: bell, signals: [] }));
    bell.ring();
    expect(await a).toEqual({ kind: 'doorbell', count: 1 });
    expect(await b).toEqual({ kind: 'doorbell', count: 1 });

    const late = vi.fn();
    const complete = vi.fn();
    shutdown$.subscribe({ next: late, complete });
    expect(late).toHaveBeenCalledWith({ kind: 'doorbell', count: 1 }); // synchronously
    expect(complete).toHaveBeenCalledOnce();
    expect(await firstValueFrom(shutdownSignal({ doorbell: bell, signals: [] }))).toEqual({
      kind: 'doorbell',
      count: 1,
    });
  });

  it('begins shutdown on a ring from a worker thread', async () => {
    using bell = Doorbell.create();
    const reason = firstValueFrom(shutdownSignal({ doorbell: bell, signals: [] }));
    const worker = startWorker('ringWorker.mjs', { handles: [bell.handle()], plan: [{ bell: 0, n: 3, times: 1 }] });
    try {
      expect(await reason).toEqual({ kind: 'doorbell', count: 3 });
      expect((await worker.exited).code).toBe(0);
    } finally {
      await worker.stop();
    }
  });

  it('keeps a ring made while nobody is subscribed for the next subscriber', async () => {
    using bell = Doorbell.create();
    const shutdown$ = shutdownSignal({ doorbell: bell, signals: [] });
    shutdown$.subscribe().unsubscribe();
    bell.ring(4);
    await turns();
    expect(await firstValueFrom(shutdown$)).toEqual({ kind: 'doorbell', count: 4 });
  });

  it('stops watching the doorbell and the signals when unsubscribed', async () => {
    using bell = Doorbell.create();
    const next = vi.fn();
    const subscription = shutdownSignal({ doorbell: bell, signals: ['SIGHUP'] }).subscribe(next);
    expect(process.listenerCount('SIGHUP')).toBe(1);
    subscription.unsubscribe();
    expect(process.listenerCount('SIGHUP')).toBe(0);
    bell.ring(5);
    await turns();
    expect(next).not.toHaveBeenCalled();
    expect(bell.drain()).toBe(5);
  });

  it('composes with takeUntil: the source stops at the ring', async () => {
    using bell = Doorbell.create();
    const ticks = firstValueFrom(
      interval(5).pipe(takeUntil(shutdownSignal({ doorbell: bell, signals: [] })), toArray()),
    );
    setTimeout(() => bell.ring(), 60);
    const seen = await ticks;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(seen.map((_, i) => i));
  });

  it('with no signals, completes without emitting when the doorbell closes unrung, or is closed already', async () => {
    const bell = Doorbell.create();
    const events: string[] = [];
    shutdownSignal({ doorbell: bell, signals: [] }).subscribe({
      next: (reason) => events.push(`next ${JSON.stringify(reason)}`),
      complete: () => events.push('complete'),
    });
    bell.close();
    await vi.waitFor(() => expect(events).toEqual(['complete']));

    const complete = vi.fn();
    shutdownSignal({ doorbell: bell, signals: [] }).subscribe({ complete });
    expect(complete).toHaveBeenCalledOnce();
  });

  it('with signals, keeps waiting for them when the doorbell closes unrung', async () => {
    const bell = Doorbell.create();
    const complete = vi.fn();
    const subscription = shutdownSignal({ doorbell: bell, signals: ['SIGHUP'] }).subscribe({ complete });
    bell.close();
    await turns();
    expect(complete).not.toHaveBeenCalled();
    expect(process.listenerCount('SIGHUP')).toBe(1);
    subscription.unsubscribe();
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });

  it('errors with RangeError for a count above Number.MAX_SAFE_INTEGER, which stays pending', async () => {
    using bell = Doorbell.create();
    bell.ring(2n ** 60n);
    await expect(firstValueFrom(shutdownSignal({ doorbell: bell, signals: [] }))).rejects.toThrow(RangeError);
    expect(bell.drain({ bigint: true })).toBe(2n ** 60n);
  });
});

describe('watchShutdown', () => {
  it('is a flag, a reason and an AbortSignal that change when shutdown begins', async () => {
    using bell = Doorbell.create();
    using shutdown = watchShutdown({ doorbell: bell, signals: [] });
    expect([shutdown.begun, shutdown.reason, shutdown.signal.aborted]).toEqual([false, undefined, false]);
    const sleeping = sleep(60_000, undefined, { signal: shutdown.signal });
    bell.ring(2);
    const error = await sleeping.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    // timers/promises rejects with an AbortError whose cause is the signal's reason.
    expect(error).toMatchObject({ name: 'AbortError', cause: shutdown.signal.reason });
    expect(shutdown.signal.reason).toBeInstanceOf(ShutdownError);
    expect(shutdown.signal.reason).toMatchObject({
      name: 'ShutdownError',
      code: 'ERR_DOORBELL_SHUTDOWN',
      message: 'shutting down: the shutdown doorbell rang 2 times',
      reason: { kind: 'doorbell', count: 2 },
    });
    expect([shutdown.begun, shutdown.reason]).toEqual([true, { kind: 'doorbell', count: 2 }]);
    expect(() => shutdown.signal.throwIfAborted()).toThrow(shutdown.signal.reason);
  });

  it('close() stops watching; a watch made after shutdown began reads it at once', async () => {
    using bell = Doorbell.create();
    const closed = watchShutdown({ doorbell: bell, signals: ['SIGHUP'] });
    expect(process.listenerCount('SIGHUP')).toBe(1);
    closed.close();
    closed.close();
    expect(process.listenerCount('SIGHUP')).toBe(0);

    using first = watchShutdown({ doorbell: bell, signals: [] });
    bell.ring();
    await vi.waitFor(() => expect(first.begun).toBe(true));
    expect([closed.begun, closed.signal.aborted]).toEqual([false, false]);
    using late = watchShutdown({ doorbell: bell, signals: [] });
    expect(late.reason).toEqual({ kind: 'doorbell', count: 1 }); // synchronously
  });
});

/** The child's exit, or an error if it is still running `ms` later (a hang, reported as one). */
async function stillRunningAfter(child: RunningChild, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const stillRunning = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the child is still running ${ms} ms later`)), ms);
  });
  return Promise.race([child.exited, stillRunning]).finally(() => clearTimeout(timer));
}

describe('shutdownSignal, with real signals, in a child process', () => {
  const program = new URL('./fixtures/shutdownChild.mjs', import.meta.url).pathname;
  const children: RunningChild[] = [];
  const start = (scenario: string) => {
    const child = startPlainNode([program, scenario]);
    children.push(child);
    return child;
  };
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop()));
  });

  it('SIGTERM: stops new work, lets in-flight work finish, and the process exits with code 0', async () => {
    const child = start('drain');
    await child.line('ready');
    await new Promise((resolve) => setTimeout(resolve, 150)); // some jobs in flight
    child.child.kill('SIGTERM');
    const { code, signal, stdout, stderr } = await child.exited;
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'ready',
        'shutdown {"kind":"signal","signal":"SIGTERM"}',
        'drained: every started job finished',
        'late subscriber {"kind":"signal","signal":"SIGTERM"}', // shutdown, once begun, stays begun
        'listeners SIGINT=1 SIGTERM=1', // kept, so a repeat cannot kill the drain
        '',
      ].join('\n'),
    );
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('a ring of the shutdown doorbell from a worker of the child: the child exits cleanly', async () => {
    const child = start('doorbell');
    await child.line('ready');
    child.child.stdin.write('ring\n');
    const { code, signal, stdout, stderr } = await child.exited;
    expect(stderr).toBe('');
    expect(stdout).toBe(
      ['ready', 'shutdown {"kind":"doorbell","count":1}', 'worker exited with code 0; doorbell closed', ''].join('\n'),
    );
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('forceOnSecond: a second SIGINT exits at once with code 130', async () => {
    const child = start('force');
    await child.line('ready');
    child.child.kill('SIGINT');
    await child.line('draining');
    child.child.kill('SIGINT');
    const { code, signal, stdout, stderr } = await child.exited;
    expect(stderr).toBe('');
    expect(stdout).toBe('ready\nshutdown {"kind":"signal","signal":"SIGINT"}\ndraining\n'); // the drain never finished
    expect({ code, signal }).toEqual({ code: 130, signal: null });
  });

  it('without forceOnSecond, a second SIGINT is ignored and the drain finishes', async () => {
    const child = start('noforce');
    await child.line('ready');
    child.child.kill('SIGINT');
    await child.line('draining');
    child.child.kill('SIGINT');
    const { code, signal, stdout, stderr } = await child.exited;
    expect(stderr).toBe('');
    expect(stdout).toBe('ready\nshutdown {"kind":"signal","signal":"SIGINT"}\ndraining\ndrained\n');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  for (const order of ['before', 'after']) {
    it(`never stands between the process and a signal re-raised by a listener added ${order} it`, async () => {
      const child = start(`reraise-${order}`);
      await child.line('ready');
      child.child.kill('SIGTERM');
      const { code, signal, stdout, stderr } = await stillRunningAfter(child, 10_000);
      expect(stderr).toBe('');
      const lines = stdout.split('\n').slice(0, -1);
      expect(lines[0]).toBe('ready');
      expect(new Set(lines.slice(1))).toEqual(
        new Set(['shutdown {"kind":"signal","signal":"SIGTERM"}', 'hook SIGTERM: removing itself and re-raising']),
      );
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' }); // the re-raised signal ended it
    });
  }

  it('graceMs: a process still running at the deadline reports what holds it and exits with 124', async () => {
    const child = start('grace');
    await child.line('ready');
    child.child.kill('SIGTERM');
    const { code, signal, stdout, stderr } = await child.exited;
    expect(stdout).toBe('ready\nshutdown {"kind":"signal","signal":"SIGTERM"}\n');
    expect(stderr).toMatch(
      /^shutdownSignal: still running 100 ms after shutdown began \(got SIGTERM\); holding the event loop: .*TCPServerWrap.*; exiting with code 124\n$/,
    );
    expect(GRACE_EXPIRED_EXIT_CODE).toBe(124);
    expect({ code, signal }).toEqual({ code: 124, signal: null });
  });

  for (const [scenario, origin, message] of [
    ['uncaught', 'uncaughtException', 'boom'],
    ['unhandled', 'unhandledRejection', 'rejected'],
  ] as const) {
    it(`errors: true: an ${origin} begins shutdown as a reason of its own; the drain ends with exit code 1`, async () => {
      const child = start(scenario);
      const { code, signal, stdout, stderr } = await child.exited;
      expect(stdout).toBe(
        [
          'ready',
          `shutdown error ${origin} ${message}`,
          'begun true; signal aborted with ERR_DOORBELL_SHUTDOWN',
          'drained',
          '',
        ].join('\n'),
      );
      expect(stderr).toContain(`shutdownSignal: ${origin}, shutting down:\nError: ${message}`);
      expect({ code, signal }).toEqual({ code: 1, signal: null });
    });
  }

  it('never keeps the process alive by itself', async () => {
    const child = start('alive');
    const { code, signal, stdout, stderr } = await stillRunningAfter(child, 10_000);
    expect(stderr).toBe('');
    expect(stdout).toBe('ready\n');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
