// Under a flood a receiver holds rings in shared memory and takes them on a timer (Receiver.cc,
// "UpdateHold"). These tests end a hold every way but a take, and check that nothing is stranded:
// a later receiver is still woken for everything rung.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Doorbell } from '../src/index.js';

const loadWorker = new URL('./fixtures/loadWorker.mjs', import.meta.url);
const floodReceiver = new URL('./fixtures/floodReceiver.mjs', import.meta.url);
const RINGS = 3_000_000;
// A take that coalesced 64 or more starts a hold. With one ringing thread, a count this big is
// one ring written to the fd plus at least 64 coalesced.
const FLOOD_COUNT = 128;

function flood(bell: Doorbell, rings = RINGS): Promise<unknown> {
  return once(new Worker(loadWorker, { workerData: { handle: bell.handle(), rings } }), 'exit');
}

/** What the kernel counter holds: rings held in shared memory are not in it. */
function kernelCount(bell: Doorbell): bigint {
  const match = /eventfd-count:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/self/fdinfo/${bell.fd}`, 'utf8'));
  return BigInt(`0x${match![1]}`);
}

/** Watches until everything rung has arrived; a wake-up that never comes fails the poll. */
async function deliversTheRest(bell: Doorbell, expected: number): Promise<void> {
  let delivered = 0;
  const unwatch = bell.watch((count) => {
    delivered += count;
  });
  try {
    await expect.poll(() => delivered, { timeout: 5000 }).toBe(expected);
  } finally {
    unwatch();
  }
}

describe('a receiver holding rings under a flood', () => {
  it('holds: during a flood, a ring from this process leaves the fd alone', async () => {
    using bell = Doorbell.create();
    bell.ring(); // this thread's lane is in use from now on
    const kernelCounts: bigint[] = [];
    const unwatch = bell.watch((count) => {
      if (count < FLOOD_COUNT || kernelCounts.length >= 50) return;
      bell.ring();
      kernelCounts.push(kernelCount(bell));
    });
    await flood(bell);
    unwatch();
    // Without a hold, every one of these rings would find the wake-up re-armed and write to the
    // fd. (Not every one stays out: a ring racing with the take that begins a hold may write.)
    expect(kernelCounts.some((n) => n === 0n)).toBe(true);
  });

  it('does not hold for one big ring: the next ring writes to the fd and wakes the receiver', async () => {
    using bell = Doorbell.create();
    let afterBigRing: bigint | undefined;
    const unwatch = bell.watch((count) => {
      if (count !== 1000) return;
      bell.ring();
      afterBigRing = kernelCount(bell);
    });
    bell.ring(1000);
    await expect.poll(() => afterBigRing).toBe(1n);
    unwatch();
  });

  it('with pollUnderLoad: false, never holds: every burst writes to the fd', async () => {
    using bell = Doorbell.create({ pollUnderLoad: false });
    bell.ring();
    let floods = 0;
    const kernelCounts: bigint[] = [];
    const unwatch = bell.watch((count) => {
      if (count < FLOOD_COUNT || floods++ > 10) return;
      bell.ring();
      kernelCounts.push(kernelCount(bell));
    });
    await flood(bell);
    unwatch();
    expect(kernelCounts.length).toBeGreaterThan(0);
    expect(kernelCounts.every((n) => n >= 1n)).toBe(true);
  });

  it('unwatched in the middle of a flood, leaves what it held to the next watch', async () => {
    using bell = Doorbell.create();
    let first = 0;
    let floodSeen = false;
    const unwatch = bell.watch((count) => {
      first += count;
      if (count < FLOOD_COUNT) return;
      floodSeen = true; // this take began a hold
      unwatch();
    });
    await flood(bell);
    expect(floodSeen).toBe(true);
    await deliversTheRest(bell, RINGS - first);
  });

  it('whose thread is terminated in the middle of a flood, leaves what it held to another receiver', async () => {
    using bell = Doorbell.create();
    const tally = new Int32Array(new SharedArrayBuffer(8));
    const receiver = new Worker(floodReceiver, { workerData: { handle: bell.handle(), tally: tally.buffer } });
    await once(receiver, 'message');
    // The flood goes on until the receiver's thread is gone, however fast this machine rings.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const ringer = new Worker(loadWorker, { workerData: { handle: bell.handle(), stop: stop.buffer } });
    const rang = once(ringer, 'message');
    while (Atomics.load(tally, 1) === 0) await sleep(1);
    await receiver.terminate();
    Atomics.store(stop, 0, 1);
    const [rings] = await rang;
    await deliversTheRest(bell, rings - Atomics.load(tally, 0));
  });

  it('whose doorbell is drained by hand in the middle of a flood, still delivers everything', async () => {
    using bell = Doorbell.create();
    let delivered = 0;
    let drained = 0;
    const unwatch = bell.watch((count) => {
      delivered += count;
      if (count >= FLOOD_COUNT) drained += bell.drain();
    });
    await flood(bell);
    await expect.poll(() => delivered + drained).toBe(RINGS);
    unwatch();
  });

  it('with pollUnderLoad: false, delivers a flood exactly too', async () => {
    using bell = Doorbell.create({ pollUnderLoad: false });
    await flood(bell);
    await deliversTheRest(bell, RINGS);
  });

  it('rejects a pollUnderLoad that is not a boolean, naming it', () => {
    expect(() => Doorbell.create({ pollUnderLoad: 1 as never })).toThrow(/options\.pollUnderLoad must be a boolean/);
    using bell = Doorbell.create();
    expect(() => Doorbell.open(bell.handle(), { pollUnderLoad: 'no' as never })).toThrow(TypeError);
    expect(() => Doorbell.open(bell.handle(), 5 as never)).toThrow(/options must be an object/);
  });
});
