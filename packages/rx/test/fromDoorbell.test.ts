import { Doorbell } from '@doorbell/core';
import { firstValueFrom, type Observable, take, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';
import { fromDoorbell } from '../src/index.js';
import { startWorker } from './helpers/workers.js';

const turns = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('fromDoorbell', () => {
  it('emits each coalesced count', async () => {
    using bell = Doorbell.create();
    const first = firstValueFrom(fromDoorbell(bell));
    bell.ring(2);
    bell.ring(3);
    expect(await first).toBe(5);
  });

  it('multicasts: every subscriber sees every emission made while it is subscribed', async () => {
    using bell = Doorbell.create();
    const a: number[] = [];
    const b: number[] = [];
    const source = fromDoorbell(bell);
    const subA = source.subscribe((count) => a.push(count));
    bell.ring(1);
    await vi.waitFor(() => expect(a).toEqual([1]));
    const subB = source.subscribe((count) => b.push(count)); // joins late
    bell.ring(2);
    await vi.waitFor(() => expect(b).toEqual([2]));
    expect(a).toEqual([1, 2]);
    subA.unsubscribe();
    subB.unsubscribe();
  });

  it('leaves counts rung while nobody listens pending for the next subscriber', async () => {
    using bell = Doorbell.create();
    const source = fromDoorbell(bell);
    source.subscribe().unsubscribe();
    bell.ring(7);
    await turns();
    expect(await firstValueFrom(source)).toBe(7);
  });

  it('stops delivering to a subscriber that unsubscribes inside next', async () => {
    using bell = Doorbell.create();
    const seen: number[] = [];
    const subscription = fromDoorbell(bell).subscribe((count) => {
      seen.push(count);
      subscription.unsubscribe();
    });
    bell.ring();
    await vi.waitFor(() => expect(seen).toEqual([1]));
    bell.ring(4);
    await turns();
    expect(seen).toEqual([1]);
    expect(bell.drain()).toBe(4);
  });

  it('completes when the doorbell is closed, including from inside next', async () => {
    const bell = Doorbell.create();
    const events: string[] = [];
    fromDoorbell(bell).subscribe({
      next: (count) => {
        events.push(`next ${count}`);
        bell.close();
      },
      complete: () => events.push('complete'),
    });
    bell.ring();
    await vi.waitFor(() => expect(events).toEqual(['next 1', 'complete']));
  });

  it('completes at once when subscribed to a closed doorbell', () => {
    const bell = Doorbell.create();
    bell.close();
    const complete = vi.fn();
    fromDoorbell(bell).subscribe({ complete });
    expect(complete).toHaveBeenCalledOnce();
  });

  it('completes when the creator closes a doorbell this thread opened', async () => {
    const bell = Doorbell.create();
    const opened = Doorbell.open(bell.handle());
    const done = firstValueFrom(fromDoorbell(opened).pipe(toArray()));
    bell.close();
    expect(await done).toEqual([]);
  });

  it('completes, and never errors, when subscribed just as another thread closes the doorbell', async () => {
    // Subscribes and unsubscribes until a subscription ends: the close lands during one of them.
    const subscribeUntilEnded = (source: Observable<number>) => {
      for (;;) {
        let ended: unknown;
        source.subscribe({ complete: () => (ended = 'complete'), error: (error) => (ended = error) }).unsubscribe();
        if (ended !== undefined) return ended;
      }
    };
    const rounds = 10_000;
    const go = new Int32Array(new SharedArrayBuffer(4));
    const endings: unknown[] = [];
    const worker = startWorker('closeRaceWorker.mjs', { rounds, go });
    worker.worker.on('message', ({ round, handle }) => {
      let opened: Doorbell;
      try {
        opened = Doorbell.open(handle);
      } catch (error) {
        endings.push(error); // the doorbell must still be open here: the worker closes it only after the store
        return;
      } finally {
        Atomics.store(go, 0, round);
        Atomics.notify(go, 0);
      }
      // Odd rounds join a watch already running (no native call): a narrower loop, more hits.
      const running = round % 2 === 1 ? fromDoorbell(opened).subscribe() : undefined;
      endings.push(subscribeUntilEnded(fromDoorbell(opened)));
      running?.unsubscribe();
      opened.close();
    });
    try {
      expect((await worker.exited).code).toBe(0);
    } finally {
      await worker.stop();
    }
    expect(endings).toEqual(Array.from({ length: rounds }, () => 'complete'));
  });

  it('errors with RangeError above Number.MAX_SAFE_INTEGER, leaving the count pending', async () => {
    using bell = Doorbell.create();
    bell.ring(2n ** 62n);
    await expect(firstValueFrom(fromDoorbell(bell))).rejects.toThrow(RangeError);
    expect(await firstValueFrom(fromDoorbell(bell, { bigint: true }))).toBe(2n ** 62n);
  });

  it('emits bigint with { bigint: true }', async () => {
    using bell = Doorbell.create();
    const counts = firstValueFrom(fromDoorbell(bell, { bigint: true }).pipe(take(1)));
    bell.ring(5);
    expect(await counts).toBe(5n);
  });

  it('throws synchronously for bad arguments, not at subscribe time', () => {
    using bell = Doorbell.create();
    expect(() => fromDoorbell({} as never)).toThrow(TypeError);
    expect(() => fromDoorbell(null as never)).toThrow(/source/);
    expect(() => fromDoorbell(bell, 5 as never)).toThrow(/options/);
    expect(() => fromDoorbell(bell, { bigint: 'yes' as never })).toThrow(/options\.bigint/);
    expect(() => fromDoorbell(bell, { ref: 1 as never })).toThrow(/options\.ref/);
  });
});

describe('fromDoorbell({ ref })', () => {
  const fixture = new URL('./fixtures/keepAlive.mjs', import.meta.url).pathname;

  it('ref: false lets the process exit on its own', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture, 'false']);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('subscribed\n');
  });

  it('the default keeps it alive until the doorbell rings', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture, 'true']);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('subscribed\ngot 1\n');
  });
});
