import { existsSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { binding, type NativeReceiver } from '../src/index.js';

const newState = () => new Int32Array(new SharedArrayBuffer(binding.stateBytes));
const openFds = () => readdirSync('/proc/self/fd').length;
const isOpen = (fd: number) => existsSync(`/proc/self/fd/${fd}`);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const create = (state: Int32Array, backend: string) =>
  backend === 'pipe' ? binding.createPipe(state) : binding.createEventfd(state, false);

function watchAll(receiver: NativeReceiver) {
  const counts: number[] = [];
  const received = new Int32Array(1);
  const closed = new Promise<void>((resolve) => {
    receiver.watch(
      (count) => {
        received[0] = 1;
        counts.push(Number(count));
      },
      resolve,
      (error) => {
        throw error;
      },
      received,
    );
  });
  return { counts, closed };
}

// The ender's side of end(), as core does it: wait until nobody else is inside, then drain all.
async function finishEnd(ender: NativeReceiver): Promise<number> {
  while (ender.othersInside()) await nextTurn();
  let total = 0;
  for (let count = Number(ender.drain(false)); count > 0; count = Number(ender.drain(false))) total += count;
  ender.close();
  return total;
}

describe.each(['eventfd', 'pipe'])('end() on the %s backend', (backend) => {
  it('delivers what was taken before FINAL, reads nothing after it, and closes every fd at the end', async () => {
    const fdsBefore = openFds();
    const state = newState();
    const creator = create(state, backend);
    const ringFd = creator.writeFd();
    const opened = binding.openReceiver(state, ringFd, creator.fd());
    expect(binding.ring(state, ringFd, 3)).toBe(0);
    expect(opened.drain(false)).toBe(3); // a take before FINAL delivers what it read
    expect(binding.ring(state, ringFd, 4)).toBe(0);
    const watched = watchAll(opened);

    Atomics.add(state, 0, 1); // a take on another thread that began before FINAL, not yet delivered
    expect(creator.beginEnd()).toBe(true);
    expect(creator.beginEnd()).toBe(false);
    expect(opened.beginEnd()).toBe(false); // only the creator ends
    expect(binding.ring(state, ringFd, 1)).toBe(1); // rings fail from the call on
    if (backend === 'eventfd')
      expect(Atomics.load(state, binding.layout.laneIndex) & binding.layout.closed).not.toBe(0);
    expect(() => opened.drain(false)).toThrow(expect.objectContaining({ code: 'ERR_DOORBELL_CLOSED' }));
    expect(creator.othersInside()).toBe(true);
    Atomics.sub(state, 0, 1); // ... and it has delivered and left
    expect(creator.othersInside()).toBe(false);

    expect(await finishEnd(creator)).toBe(4); // the ender's last drain finds the rest, once
    await watched.closed; // woken by the last one out, without reading
    expect(watched.counts).toEqual([]);
    expect(isOpen(ringFd)).toBe(false);
    opened.close();
    expect(openFds()).toBe(fdsBefore);
  });

  it('close() drops what is pending, ends every watch, and closes every fd', async () => {
    const fdsBefore = openFds();
    const state = newState();
    const creator = create(state, backend);
    const opened = binding.openReceiver(state, creator.writeFd(), creator.fd());
    const creatorFds = [creator.fd(), creator.writeFd()];
    expect(binding.ring(state, creator.writeFd(), 5)).toBe(0);
    const watched = watchAll(opened);
    Atomics.add(state, 0, 1); // another thread inside holds the creator's fds open through the close
    creator.close();
    expect(creatorFds.every(isOpen)).toBe(true);
    Atomics.sub(state, 0, 1);
    expect(binding.ring(state, creatorFds[1]!, 1)).toBe(1); // refused; its leave is the last one out
    expect(creatorFds.some(isOpen)).toBe(false);
    await watched.closed;
    expect(watched.counts).toEqual([]);
    opened.close();
    expect(openFds()).toBe(fdsBefore);
  });

  it('with a competing receiver on a worker: every ring made before end() is delivered exactly once', async () => {
    const fdsBefore = openFds();
    const state = newState();
    const creator = create(state, backend);
    const worker = new Worker(new URL('./fixtures/competingReceiver.mjs', import.meta.url), {
      workerData: { state, fd: creator.writeFd(), readFd: creator.fd() },
    });
    await once(worker, 'message'); // watching
    const closed = new Promise<{ closed: number }>((resolve) =>
      worker.on('message', (message) => message.closed !== undefined && resolve(message)),
    );
    let rung = 0;
    for (let i = 1; i <= 2000; i++) {
      expect(binding.ring(state, creator.writeFd(), i)).toBe(0);
      rung += i;
      if (i % 100 === 0) await nextTurn(); // let the worker take some
    }
    expect(creator.beginEnd()).toBe(true);
    const last = await finishEnd(creator);
    const { closed: taken } = await closed;
    expect(taken + last).toBe(rung);
    await worker.terminate();
    expect(openFds()).toBe(fdsBefore);
  });
});

describe('end() with a receiver holding a flood', () => {
  it('the counts held in the lanes go to the ender, exactly once', async () => {
    const state = newState();
    const creator = binding.createEventfd(state, false);
    const holder = binding.openReceiver(state, creator.fd(), -1);
    const { laneIndex, pending, closed } = binding.layout;
    const received = new Int32Array(1);
    let held = 0;
    let first: () => void;
    const firstCount = new Promise<void>((resolve) => {
      first = resolve;
    });
    const ended = new Promise<void>((resolve) =>
      holder.watch(
        (count) => {
          received[0] = 1;
          held += Number(count);
          first();
        },
        resolve,
        (error) => {
          throw error;
        },
        received,
      ),
    );
    // A flood on lane 0 (core's fast path: a CAS while PENDING is set): the holder starts a hold.
    expect(binding.ring(state, creator.fd(), 1)).toBe(0);
    for (let i = 1; i < 1000; i++) Atomics.add(state, laneIndex, 1);
    await firstCount;
    let rung = 1000;
    // More rings stay in the lane: the hold keeps PENDING set, so they take no syscall.
    for (let i = 0; i < 500; i++) {
      const word = Atomics.load(state, laneIndex);
      if (
        (word & pending) !== 0 &&
        (word & closed) === 0 &&
        Atomics.compareExchange(state, laneIndex, word, word + 1) === word
      )
        rung++;
    }
    expect(creator.beginEnd()).toBe(true);
    const last = await finishEnd(creator);
    await ended;
    expect(held + last).toBe(rung);
    holder.close();
  });
});

describe('end() on a semaphore eventfd', () => {
  it('the ender drains unit by unit until nothing is left', async () => {
    const state = newState();
    const creator = binding.createEventfd(state, true);
    expect(binding.ring(state, creator.fd(), 5)).toBe(0);
    expect(creator.drain(false)).toBe(1);
    expect(creator.beginEnd()).toBe(true);
    expect(await finishEnd(creator)).toBe(4);
  });
});
