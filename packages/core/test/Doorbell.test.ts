import { describe, expect, it, vi } from 'vitest';
import { openFds, turns } from '@doorbell/test-support';
import { Doorbell, DoorbellClosedError, DoorbellOverflowError, Ringer } from '../src/index.js';

const MAX = 2n ** 64n - 2n;

function nextCount(bell: Doorbell): Promise<number> {
  return new Promise((resolve) => {
    const unwatch = bell.watch((count) => {
      unwatch();
      resolve(count);
    });
  });
}

describe('Doorbell', () => {
  it('coalesces rings into one drain', () => {
    using bell = Doorbell.create();
    bell.ring();
    bell.ring(2);
    bell.ring(3n);
    expect(bell.drain()).toBe(6);
    expect(bell.drain()).toBe(0);
  });

  it('takes one unit per drain in semaphore mode', () => {
    using bell = Doorbell.create({ semaphore: true });
    bell.ring(3);
    expect([bell.drain(), bell.drain(), bell.drain(), bell.drain()]).toEqual([1, 1, 1, 0]);
  });

  it('delivers the coalesced count to a watch, once', async () => {
    using bell = Doorbell.create();
    const counts: number[] = [];
    const unwatch = bell.watch((count) => counts.push(count));
    bell.ring(5);
    bell.ring(7);
    await turns();
    unwatch();
    expect(counts).toEqual([12]);
  });

  it('calls nothing when the fd is readable but another receiver drained it first', async () => {
    using bell = Doorbell.create();
    using other = Doorbell.open(bell.handle());
    const counts: number[] = [];
    const unwatch = bell.watch((count) => counts.push(count));
    bell.ring(4);
    expect(other.drain()).toBe(4);
    await turns();
    unwatch();
    expect(counts).toEqual([]);
  });

  it('gives every watch every count', async () => {
    using bell = Doorbell.create();
    const a: number[] = [];
    const b: bigint[] = [];
    const stopA = bell.watch((count) => a.push(count));
    const stopB = bell.watch((count) => b.push(count), { bigint: true });
    bell.ring(9);
    await turns();
    stopA();
    stopB();
    expect(a).toEqual([9]);
    expect(b).toEqual([9n]);
  });

  it('never rounds a count above Number.MAX_SAFE_INTEGER: it stays pending', async () => {
    using bell = Doorbell.create();
    const big = 2n ** 60n;
    bell.ring(big);
    expect(() => bell.drain()).toThrow(RangeError);
    const onError = vi.fn();
    bell.watch(() => {}, { onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(RangeError);
    expect(bell.drain({ bigint: true })).toBe(big);
  });

  it('delivers a huge count to a bigint watch', async () => {
    using bell = Doorbell.create();
    bell.ring(MAX);
    const got = await new Promise<bigint>((resolve) => {
      const unwatch = bell.watch(
        (count) => {
          unwatch();
          resolve(count);
        },
        { bigint: true },
      );
    });
    expect(got).toBe(MAX);
  });

  it('throws DoorbellOverflowError past 2^64-2 and adds nothing', () => {
    using bell = Doorbell.create();
    bell.ring(MAX - 1n);
    expect(() => bell.ring(2)).toThrow(DoorbellOverflowError);
    try {
      bell.ring(2);
    } catch (error) {
      expect((error as DoorbellOverflowError).code).toBe('ERR_DOORBELL_OVERFLOW');
    }
    bell.ring(1);
    expect(bell.drain({ bigint: true })).toBe(MAX);
  });

  it('coalesces a ring that finds the doorbell pending in shared memory, without touching the kernel counter', async () => {
    const { readFileSync } = await import('node:fs');
    const kernelCount = (fd: number) =>
      /eventfd-count:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1];
    using bell = Doorbell.create();
    bell.ring(2); // idle -> pending: written to the fd
    bell.ring(5); // pending: one CAS in shared memory
    Ringer.open(bell.handle()).ring(7);
    expect(kernelCount(bell.fd)).toBe('2');
    expect(bell.drain()).toBe(14);
  });

  it('keeps the overflow rule exact for in-process rings: a big ring moves the coalesced count into the kernel', () => {
    using bell = Doorbell.create();
    bell.ring(1);
    bell.ring(5); // coalesced
    bell.ring(MAX - 6n); // exact path: the kernel now holds all of MAX
    expect(() => bell.ring(1)).toThrow(DoorbellOverflowError);
    expect(bell.drain({ bigint: true })).toBe(MAX);
  });

  it('delivers everything, exactly, even when a foreign writer fills the kernel counter during a burst', () => {
    using bell = Doorbell.create();
    bell.ring(1);
    Ringer.fromFd(bell.fd).ring(MAX - 1n); // a raw writer: the kernel counter is full
    bell.ring(3); // coalesced in shared memory (the documented limit)
    expect(bell.drain({ bigint: true })).toBe(MAX); // more than 2^64-1 cannot be one count:
    expect(bell.drain({ bigint: true })).toBe(3n); // the rest comes with the next drain
    expect(bell.drain({ bigint: true })).toBe(0n);
  });

  it('after close: ring, drain, watch and Ringer.open throw DoorbellClosedError', () => {
    const bell = Doorbell.create();
    const handle = bell.handle();
    const ringer = Ringer.open(handle);
    bell.close();
    bell.close();
    expect(bell.closed).toBe(true);
    expect(bell.fd).toBe(-1);
    for (const call of [
      () => bell.ring(),
      () => bell.drain(),
      () => bell.watch(() => {}),
      () => ringer.ring(),
      () => Ringer.open(handle),
      () => Doorbell.open(handle),
    ]) {
      expect(call).toThrow(DoorbellClosedError);
    }
    try {
      bell.ring();
    } catch (error) {
      expect((error as DoorbellClosedError).code).toBe('ERR_DOORBELL_CLOSED');
    }
  });

  it('can be closed from inside its own watch callback; the rest of that count is dropped', async () => {
    const bell = Doorbell.create();
    const seen: string[] = [];
    bell.watch(
      () => {
        seen.push('first');
        bell.close();
      },
      { onClose: () => seen.push('first closed') },
    );
    bell.watch(() => seen.push('second'), { onClose: () => seen.push('second closed') });
    bell.ring();
    await vi.waitFor(() => expect(bell.closed).toBe(true));
    await turns();
    expect(seen).toEqual(['first', 'first closed', 'second closed']);
  });

  it('unwatch from inside the callback stops delivery', async () => {
    using bell = Doorbell.create();
    const counts: number[] = [];
    const unwatch = bell.watch((count) => {
      counts.push(count);
      unwatch();
      unwatch();
    });
    bell.ring();
    await vi.waitFor(() => expect(counts).toEqual([1]));
    bell.ring(2);
    await turns();
    expect(counts).toEqual([1]);
    expect(bell.drain()).toBe(2);
  });

  it('closing an opened receiver closes only it; closing the creator ends every receiver', async () => {
    const bell = Doorbell.create();
    const first = Doorbell.open(bell.handle());
    const second = Doorbell.open(bell.handle());
    first.close();
    bell.ring(3);
    expect(second.drain()).toBe(3);
    const closed = new Promise<void>((resolve) => second.watch(() => {}, { onClose: resolve }));
    bell.close();
    await closed;
    expect(second.closed).toBe(true);
    expect(() => second.drain()).toThrow(DoorbellClosedError);
  });

  it('closes its fd, and [Symbol.dispose] closes it', () => {
    const before = openFds();
    {
      using bell = Doorbell.create();
      using opened = Doorbell.open(bell.handle());
      expect(openFds()).toBe(before + 2);
      expect(opened.fd).not.toBe(bell.fd);
    }
    expect(openFds()).toBe(before);
  });

  it('delivers counts in drain order on the watching thread', async () => {
    using bell = Doorbell.create();
    const first = nextCount(bell);
    bell.ring(1);
    expect(await first).toBe(1);
    const second = nextCount(bell);
    bell.ring(2);
    expect(await second).toBe(2);
  });
});

describe('Ringer', () => {
  it('rings the doorbell its handle came from', () => {
    using bell = Doorbell.create();
    using ringer = Ringer.open(bell.handle());
    ringer.ring(4);
    expect(bell.drain()).toBe(4);
  });

  it('is revoked by ringer.close() without touching the doorbell', () => {
    using bell = Doorbell.create();
    const ringer = Ringer.open(bell.handle());
    ringer.close();
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
    bell.ring();
    expect(bell.drain()).toBe(1);
  });

  it("fromFd writes 8 raw bytes to an fd (here, the receiver's own)", () => {
    using bell = Doorbell.create();
    const ringer = Ringer.fromFd(bell.fd);
    ringer.ring(6);
    ringer.ring(7n);
    expect(bell.drain()).toBe(13);
  });

  it('fromFd refuses an fd that is not open, naming it, before any write', () => {
    expect(() => Ringer.fromFd(2 ** 31 - 1)).toThrow(TypeError);
    expect(() => Ringer.fromFd(2 ** 31 - 1)).toThrow(/^fd must be an open fd/);
  });

  it('a closed doorbell never writes to whatever takes its old fd number', async () => {
    const { openSync, closeSync, readFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const bell = Doorbell.create();
    const oldFd = bell.fd;
    const ringer = Ringer.open(bell.handle());
    bell.close();
    const dir = mkdtempSync(join(tmpdir(), 'doorbell-'));
    const files: number[] = [];
    let reused = -1;
    for (let i = 0; i < 64 && reused < 0; i++) {
      const fd = openSync(join(dir, `f${i}`), 'w+');
      files.push(fd);
      if (fd === oldFd) reused = i;
    }
    expect(reused).toBeGreaterThanOrEqual(0);
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
    expect(readFileSync(join(dir, `f${reused}`)).length).toBe(0);
    for (const fd of files) closeSync(fd);
  });
});
