// The receiving side every doorbell shares (src/DoorbellReceiver.ts): flush(), end(), counts()
// and the isolation of watches, on every backend.
import { receiveMessageOnPort, MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runPlainNode, turns } from '@doorbell/test-support';
import { Doorbell, DoorbellClosedError, Ringer } from '../src/index.js';
import { WorkerClient } from './helpers/WorkerClient.js';

const BACKENDS = ['eventfd', 'pipe', 'atomics'] as const;
type Backend = (typeof BACKENDS)[number];
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const sum = (counts: ReadonlyArray<number | bigint>) => counts.reduce<bigint>((total, n) => total + BigInt(n), 0n);

/** Blocks this thread (no event loop turn, so no watch can take anything) until `port` has a message. */
function waitForMessage(port: MessagePort): unknown {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received) return received.message;
    Atomics.wait(nap, 0, 0, 1);
  }
}

/** Rings from every kind of source the backend has: this thread, a Ringer, a raw writer. */
function ringFromEverywhere(bell: Doorbell, backend: Backend): bigint {
  bell.ring(2);
  Ringer.open(bell.handle()).ring(3n);
  if (backend === 'atomics') return 5n;
  Ringer.fromFd(bell.writeFd).ring(4);
  return 9n;
}

describe.each(BACKENDS)('flush() (%s)', (backend) => {
  it('delivers everything pending to every watch before it returns, as one emission', async () => {
    using bell = Doorbell.create({ backend });
    const numbers: number[] = [];
    const bigints: bigint[] = [];
    bell.watch((count) => numbers.push(count));
    bell.watch((count) => bigints.push(count), { bigint: true });
    const rung = ringFromEverywhere(bell, backend);
    bell.flush();
    expect(numbers).toEqual([Number(rung)]);
    expect(bigints).toEqual([rung]);
    await turns();
    expect(numbers).toEqual([Number(rung)]); // not delivered a second time
  });

  it('has seen every ring a worker made before posting its message, and delivers them as one', async () => {
    using bell = Doorbell.create({ backend });
    const client = new WorkerClient();
    try {
      const counts: number[] = [];
      bell.watch((count) => counts.push(count));
      await client.request({ op: 'openRinger', key: 'w', handle: bell.handle() });
      const { port1, port2 } = new MessageChannel();
      const replied = client.request({ op: 'ringThenPost', key: 'w', n: 3, times: 1000, port: port2 }, [port2]);
      expect(waitForMessage(port1)).toBe('rung'); // synchronously: nothing was taken meanwhile
      bell.flush();
      expect(counts).toEqual([3000]);
      expect(await replied).toEqual({ ok: true });
      await turns();
      expect(counts).toEqual([3000]);
      port1.close();
    } finally {
      await client.stop();
    }
  });

  it('does nothing without watches: the count stays pending', () => {
    using bell = Doorbell.create({ backend });
    bell.ring(3);
    bell.flush();
    expect(bell.drain()).toBe(3);
  });

  it('throws DoorbellClosedError once closed or ended', async () => {
    const closed = Doorbell.create({ backend });
    closed.close();
    expect(() => closed.flush()).toThrow(DoorbellClosedError);
    const ended = Doorbell.create({ backend });
    await ended.end();
    expect(() => ended.flush()).toThrow(DoorbellClosedError);
  });
});

describe.each(['eventfd', 'atomics'] as const)('flush() on a semaphore doorbell (%s)', (backend) => {
  it('delivers every pending unit as one emission', () => {
    using bell = Doorbell.create({ backend, semaphore: true });
    const counts: number[] = [];
    bell.watch((count) => counts.push(count));
    bell.ring(4);
    Ringer.open(bell.handle()).ring(3);
    bell.flush();
    expect(counts).toEqual([7]);
    expect(bell.drain()).toBe(0);
  });
});

describe('flush() under a flood (eventfd)', () => {
  it('also takes what a flood hold keeps in shared memory', async () => {
    const rings = 3_000_000;
    using bell = Doorbell.create();
    const client = new WorkerClient();
    try {
      let delivered = 0;
      let flooded = false;
      bell.watch((count) => {
        delivered += count;
        if (count >= 128) flooded = true; // such a take begins a hold (see floodHold.test.ts)
      });
      await client.request({ op: 'openRinger', key: 'f', handle: bell.handle() });
      const { port1, port2 } = new MessageChannel();
      const replied = client.request({ op: 'ringThenPost', key: 'f', n: 1, times: rings, port: port2 }, [port2]);
      await expect.poll(() => flooded, { timeout: 10_000, interval: 1 }).toBe(true);
      waitForMessage(port1); // the hold's timer cannot take while this thread waits here
      bell.flush();
      expect(delivered).toBe(rings);
      expect(await replied).toEqual({ ok: true });
      await turns();
      expect(delivered).toBe(rings);
      port1.close();
    } finally {
      await client.stop();
    }
  });
});

describe.each(BACKENDS)('end() (%s)', (backend) => {
  it('delivers everything rung before, ends every watch, and resolves with the doorbell closed', async () => {
    const bell = Doorbell.create({ backend });
    const counts: number[] = [];
    const events: string[] = [];
    bell.watch((count) => counts.push(count), { onClose: () => events.push('first closed') });
    bell.watch(() => {}, { bigint: true, onClose: () => events.push('second closed') });
    const rung = ringFromEverywhere(bell, backend);
    await bell.end();
    expect(sum(counts)).toBe(rung);
    expect(events).toEqual(['first closed', 'second closed']);
    expect(bell.closed).toBe(true);
    expect(bell.fd).toBe(-1);
    await turns();
    expect(sum(counts)).toBe(rung); // each count once
  });

  it("from the call on, rings throw DoorbellClosedError everywhere: this thread, a Ringer, a worker's Ringer", async () => {
    const bell = Doorbell.create({ backend });
    const client = new WorkerClient();
    try {
      const handle = bell.handle();
      const ringer = Ringer.open(handle);
      await client.request({ op: 'openRinger', key: 'r', handle });
      bell.watch(() => {});
      const ended = bell.end();
      expect(() => bell.ring()).toThrow(DoorbellClosedError);
      expect(() => ringer.ring()).toThrow(DoorbellClosedError);
      expect(await client.request({ op: 'ring', key: 'r', n: 1 })).toMatchObject({
        ok: false,
        code: 'ERR_DOORBELL_CLOSED',
      });
      await ended;
      for (const call of [
        () => bell.ring(),
        () => ringer.ring(),
        () => Ringer.open(handle),
        () => Doorbell.open(handle),
      ])
        expect(call).toThrow(DoorbellClosedError);
      expect(await client.request({ op: 'ring', key: 'r', n: 1 })).toMatchObject({
        ok: false,
        code: 'ERR_DOORBELL_CLOSED',
      });
    } finally {
      await client.stop();
    }
  });

  it('delivers what workers rang exactly once, between this thread and a receiver in a worker that takes a last time', async () => {
    const bell = Doorbell.create({ backend });
    const receiver = new WorkerClient();
    const ringers = [new WorkerClient(), new WorkerClient()];
    try {
      let here = 0n;
      bell.watch(
        (count) => {
          here += count;
        },
        { bigint: true },
      );
      const there = receiver.request({ op: 'watchUntilClosed', key: 'rx', handle: bell.handle() });
      await receiver.request({ op: 'ping' }); // its watch is on
      for (const ringer of ringers) await ringer.request({ op: 'openRinger', key: 'r', handle: bell.handle() });
      const replies = await Promise.all(
        ringers.map((ringer, i) => ringer.request({ op: 'ring', key: 'r', n: i + 1, times: 20_000 })),
      );
      expect(replies).toEqual([{ ok: true }, { ok: true }]);
      await bell.end();
      const theirs = await there;
      expect(theirs.ok).toBe(true);
      expect(here + (theirs as { value: bigint }).value).toBe(60_000n);
    } finally {
      await Promise.all([receiver, ...ringers].map((worker) => worker.stop()));
    }
  });

  it('with nothing watching, drops what is pending, as close() does', async () => {
    const bell = Doorbell.create({ backend });
    const opened = Doorbell.open(bell.handle());
    bell.ring(5);
    await bell.end();
    expect(bell.closed).toBe(true);
    expect(opened.closed).toBe(true);
    expect(() => opened.drain()).toThrow(DoorbellClosedError);
    expect(() => bell.drain()).toThrow(DoorbellClosedError);
  });

  it('is idempotent: a second call returns the same promise; on a closed doorbell it resolves', async () => {
    const bell = Doorbell.create({ backend });
    const first = bell.end();
    expect(bell.end()).toBe(first);
    await expect(first).resolves.toBeUndefined();
    await expect(bell.end()).resolves.toBeUndefined();
    const closed = Doorbell.create({ backend });
    closed.close();
    await expect(closed.end()).resolves.toBeUndefined();
  });

  it('on an opened receiver whose doorbell its creator closed, resolves and ends its watches', async () => {
    const bell = Doorbell.create({ backend });
    const opened = Doorbell.open(bell.handle());
    const events: string[] = [];
    opened.watch(() => events.push('count'), { onClose: () => events.push('closed') });
    bell.ring(3);
    bell.close();
    await expect(opened.end()).resolves.toBeUndefined();
    await turns();
    expect(events).toEqual(['closed']); // what was pending went with the doorbell
    expect(opened.closed).toBe(true);
  });

  it('on an opened receiver, delivers what is pending to its watches and closes only it', async () => {
    using bell = Doorbell.create({ backend });
    const opened = Doorbell.open(bell.handle());
    const counts: number[] = [];
    const events: string[] = [];
    opened.watch((count) => counts.push(count), { onClose: () => events.push('closed') });
    bell.ring(3);
    await opened.end();
    expect(counts).toEqual([3]);
    expect(events).toEqual(['closed']);
    expect(opened.closed).toBe(true);
    expect(bell.closed).toBe(false);
    bell.ring(2);
    Ringer.open(bell.handle()).ring(1);
    expect(bell.drain()).toBe(3);
  });
});

describe.each(BACKENDS)('counts() (%s)', (backend) => {
  it('yields what is pending at once, then waits for the next ring', async () => {
    using bell = Doorbell.create({ backend });
    const iterator = bell.counts();
    bell.ring(2);
    expect(await iterator.next()).toEqual({ done: false, value: 2 });
    let settled = false;
    const next = iterator.next().finally(() => {
      settled = true;
    });
    await turns();
    expect(settled).toBe(false);
    Ringer.open(bell.handle()).ring(5);
    expect(await next).toEqual({ done: false, value: 5 });
    await iterator.return?.();
  });

  it('rings made while the loop body runs come as one value', async () => {
    using bell = Doorbell.create({ backend });
    const client = new WorkerClient();
    try {
      await client.request({ op: 'openRinger', key: 'r', handle: bell.handle() });
      const ringer = Ringer.open(bell.handle());
      const values: number[] = [];
      bell.ring(1);
      for await (const count of bell) {
        values.push(count);
        if (values.length > 1) break;
        bell.ring(2);
        ringer.ring(3);
        expect(await client.request({ op: 'ring', key: 'r', n: 1, times: 500 })).toEqual({ ok: true });
        await turns();
        bell.ring(4);
      }
      expect(values).toEqual([1, 509]);
    } finally {
      await client.stop();
    }
  });

  it('for await is counts(); the bigint option yields bigints, and a number count above 2^53 is a RangeError', async () => {
    using bell = Doorbell.create({ backend });
    bell.ring(2);
    const iterator = bell[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 2 });
    const big = 2n ** 60n;
    bell.ring(big);
    await expect(iterator.next()).rejects.toThrow(RangeError); // never rounded: it stays pending
    const bigints = bell.counts({ bigint: true });
    expect(await bigints.next()).toEqual({ done: false, value: big });
    bell.ring(3);
    expect(await bigints.next()).toEqual({ done: false, value: 3n });
    await bigints.return?.();
  });

  it('break stops watching: later rings stay pending for whoever takes them next', async () => {
    using bell = Doorbell.create({ backend });
    setImmediate(() => bell.ring(2));
    for await (const count of bell) {
      expect(count).toBe(2); // came while next() was waiting, through a watch
      break;
    }
    bell.ring(4);
    await turns();
    expect(bell.drain()).toBe(4);
    const counts: number[] = [];
    bell.watch((count) => counts.push(count));
    bell.ring(5);
    await expect.poll(() => counts).toEqual([5]);
  });

  it('break leaves nothing that keeps the process alive', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture('countsBreak.mjs'), backend], { timeout: 20_000 });
    expect(stderr).toBe('');
    expect(stdout).toBe('got 2\nleft the loop\n');
    expect(code).toBe(0);
  });

  it('return() while next() waits finishes both', async () => {
    using bell = Doorbell.create({ backend });
    const iterator = bell.counts();
    const next = iterator.next();
    await turns();
    expect(await iterator.return?.()).toEqual({ done: true, value: undefined });
    expect(await next).toEqual({ done: true, value: undefined });
    bell.ring(3);
    await turns();
    expect(bell.drain()).toBe(3);
  });

  it('an aborted signal rejects the waiting next() with signal.reason and stops watching', async () => {
    using bell = Doorbell.create({ backend });
    const controller = new AbortController();
    const iterator = bell.counts({ signal: controller.signal });
    const next = iterator.next();
    await turns();
    const reason = new Error('no more, thanks');
    controller.abort(reason);
    await expect(next).rejects.toBe(reason);
    expect((await iterator.next()).done).toBe(true);
    bell.ring(3);
    await turns();
    expect(bell.drain()).toBe(3);
    const already = AbortSignal.abort(reason);
    await expect(bell.counts({ signal: already }).next()).rejects.toBe(reason);
  });

  it('close() finishes the iteration, also while next() waits', async () => {
    const bell = Doorbell.create({ backend });
    const iterator = bell.counts();
    const next = iterator.next();
    await turns();
    bell.close();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    const values: number[] = [];
    const other = Doorbell.create({ backend });
    other.ring(1);
    for await (const count of other) {
      values.push(count);
      other.ring(2);
      other.close(); // what is pending at close is dropped, as always
    }
    expect(values).toEqual([1]);
  });

  it('end() while next() waits: yields the last count, then finishes', async () => {
    const bell = Doorbell.create({ backend });
    const iterator = bell.counts();
    const next = iterator.next();
    await turns();
    Ringer.open(bell.handle()).ring(4);
    const ended = bell.end();
    expect(await next).toEqual({ done: false, value: 4 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await ended;
    const quiet = Doorbell.create({ backend });
    const waiting = quiet.counts().next();
    await turns();
    await quiet.end();
    expect(await waiting).toEqual({ done: true, value: undefined });
  });

  it("never rounds end()'s last count: above 2^53 it is a RangeError in number mode, exact with bigint", async () => {
    const big = 2n ** 60n;
    for (const bigint of [false, true]) {
      const bell = Doorbell.create({ backend });
      const iterator = bell.counts({ bigint });
      bell.ring(1);
      expect(Number((await iterator.next()).value)).toBe(1);
      bell.ring(big); // rung while the body runs, then end(): end() hands it to the iteration
      const ended = bell.end();
      if (bigint) expect(await iterator.next()).toEqual({ done: false, value: big });
      else await expect(iterator.next()).rejects.toThrow(RangeError);
      expect((await iterator.next()).done).toBe(true);
      await ended;
    }
  });

  it('end() while the loop body runs: the last count is still yielded, then the loop finishes', async () => {
    const bell = Doorbell.create({ backend });
    const ringer = Ringer.open(bell.handle());
    const values: number[] = [];
    let ended: Promise<void> | undefined;
    bell.ring(1);
    for await (const count of bell) {
      values.push(count);
      if (ended) continue;
      bell.ring(2);
      ringer.ring(3);
      ended = bell.end();
      await turns();
    }
    await ended;
    expect(values).toEqual([1, 5]);
    expect(bell.closed).toBe(true);
  });
});

describe.each(BACKENDS)('watches (%s)', (backend) => {
  it('one that throws does not keep the count from the others, and its error is an uncaught exception', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture('throwingListener.mjs'), backend]);
    expect(stderr).toBe('');
    expect(stdout.split('\n').sort()).toEqual(['', 'second watch: 3', 'uncaught: the first watch failed']);
    expect(code).toBe(0);
  });
});

const MEMORY_MS = process.env.DOORBELL_LONG === '1' ? 5000 : 2000;

describe.each(BACKENDS)('counts() with a slow consumer (%s)', (backend) => {
  it(`keeps the heap flat while 2 workers ring flat out for ${MEMORY_MS} ms, and the sum is exact`, async () => {
    const { code, stdout, stderr } = await runPlainNode(
      ['--expose-gc', fixture('countsMemory.mjs'), backend, String(MEMORY_MS)],
      { timeout: MEMORY_MS + 60_000 },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { rung, delivered, values, maxGrowth } = JSON.parse(stdout) as Record<string, number>;
    console.log(
      `counts() (${backend}): ${rung} rings in ${values} values over ${MEMORY_MS} ms; ` +
        `heap growth after gc at most ${(maxGrowth! / 2 ** 20).toFixed(2)} MiB`,
    );
    expect(delivered).toBe(rung);
    expect(rung).toBeGreaterThan(values!); // the rings did outpace the consumer
    expect(maxGrowth).toBeLessThan(20 * 2 ** 20);
  });
});
