import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { binding, type NativeReceiver } from '../src/index.js';

const ROUNDS = Number(process.env.DOORBELL_END_ROUNDS ?? 12);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

function watchTotal(receiver: NativeReceiver) {
  const received = new Int32Array(1);
  let total = 0;
  receiver.watch(
    (count) => {
      received[0] = 1;
      total += Number(count);
    },
    () => {},
    (error) => {
      throw error;
    },
    received,
  );
  return () => total;
}

// Rings from two workers (fast path and slow path), a competing receiver on a third, the
// creator watching too; end() at a random moment. Every ring that returned is delivered exactly
// once, by whichever receiver took it, before the end finishes; every ring after it is refused.
describe.each(['eventfd', 'pipe'])('end() racing rings and a competing receiver (%s)', (backend) => {
  it(`delivers exactly the rings that returned, in ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const state = new Int32Array(new SharedArrayBuffer(binding.stateBytes));
      const creator = backend === 'pipe' ? binding.createPipe(state) : binding.createEventfd(state, false);
      const delivered = new BigInt64Array(new SharedArrayBuffer(8)); // the competing receiver's, as it goes
      const workerData = {
        state,
        fd: creator.writeFd(),
        readFd: creator.fd(),
        coalesce: backend === 'eventfd',
        delivered,
      };
      const receiver = new Worker(fixture('competingReceiver.mjs'), { workerData });
      await once(receiver, 'message');
      const receiverClosed = new Promise<number>((resolve) =>
        receiver.on('message', (message) => message.closed !== undefined && resolve(message.closed)),
      );
      const ringers = [0, 1].map(() => new Worker(fixture('endRinger.mjs'), { workerData }));
      await Promise.all(ringers.map((ringer) => once(ringer, 'message')));
      const rung = ringers.map(
        (ringer) => new Promise<number>((resolve) => ringer.on('message', (message) => resolve(message.rung))),
      );
      const mine = watchTotal(creator);
      for (let turns = Math.floor(Math.random() * 40); turns > 0; turns--) await nextTurn();

      expect(creator.beginEnd()).toBe(true);
      while (creator.othersInside()) await nextTurn();
      let last = 0;
      for (let count = Number(creator.drain(false)); count > 0; count = Number(creator.drain(false))) last += count;
      creator.close();
      const theirsAtEnd = Number(Atomics.load(delivered, 0)); // what the other thread had delivered by now

      const rings = (await Promise.all(rung)).reduce((a, b) => a + b, 0);
      const theirs = await receiverClosed;
      expect(mine() + last + theirs).toBe(rings);
      expect(theirsAtEnd).toBe(theirs); // a take that began before FINAL delivered before the end finished
      await Promise.all([receiver, ...ringers].map((worker) => worker.terminate()));
    }
  });
});
