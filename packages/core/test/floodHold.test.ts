// Under a flood a receiver holds rings in shared memory and takes them on a timer (Receiver.cc,
// "UpdateHold"). These tests end a hold every way but a take, and check that nothing is stranded:
// a later receiver is still woken for everything rung.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Doorbell } from '../src/index.js';

const loadWorker = new URL('./fixtures/loadWorker.mjs', import.meta.url);
const floodReceiver = new URL('./fixtures/floodReceiver.mjs', import.meta.url);
const RINGS = 3_000_000;
const FLOOD = 64;

function flood(bell: Doorbell, rings = RINGS): Promise<unknown> {
  return once(new Worker(loadWorker, { workerData: { handle: bell.handle(), rings } }), 'exit');
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
  it('unwatched in the middle of a flood, leaves what it held to the next watch', async () => {
    using bell = Doorbell.create();
    let first = 0;
    let floodSeen = false;
    const unwatch = bell.watch((count) => {
      first += count;
      if (count < FLOOD) return;
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
    const rang = flood(bell, 20_000_000);
    while (Atomics.load(tally, 1) === 0) await sleep(1);
    await receiver.terminate();
    await rang;
    await deliversTheRest(bell, 20_000_000 - Atomics.load(tally, 0));
  });

  it('whose doorbell is drained by hand in the middle of a flood, still delivers everything', async () => {
    using bell = Doorbell.create();
    let delivered = 0;
    let drained = 0;
    const unwatch = bell.watch((count) => {
      delivered += count;
      if (count >= FLOOD) drained += bell.drain();
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
