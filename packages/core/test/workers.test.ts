import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openFds } from '@doorbell/test-support';
import { Doorbell, DoorbellClosedError } from '../src/index.js';
import { WorkerClient } from './helpers/WorkerClient.js';

const lifecycleWorker = new URL('./fixtures/lifecycleWorker.mjs', import.meta.url);

function exitOf(worker: Worker): Promise<number> {
  return new Promise((resolve) => worker.on('exit', resolve));
}

async function settle(bell: Doorbell): Promise<bigint> {
  let total = 0n;
  for (let count = bell.drain({ bigint: true }); count > 0n; count = bell.drain({ bigint: true })) total += count;
  return total;
}

describe.each(['eventfd', 'pipe', 'atomics'] as const)('doorbells across worker threads (%s)', (backend) => {
  it("rings from several workers coalesce into the receiver's counts", async () => {
    using bell = Doorbell.create({ backend });
    const clients = [new WorkerClient(), new WorkerClient(), new WorkerClient()];
    try {
      let delivered = 0;
      const stop = bell.watch((count) => {
        delivered += count;
      });
      for (const client of clients)
        expect(await client.request({ op: 'openRinger', key: 'r', handle: bell.handle() })).toEqual({ ok: true });
      const replies = await Promise.all(
        clients.map((client, i) => client.request({ op: 'ring', key: 'r', n: i + 1, times: 1000 })),
      );
      expect(replies.every((reply) => reply.ok)).toBe(true);
      await expect.poll(() => delivered).toBe(6000);
      stop();
    } finally {
      await Promise.all(clients.map((client) => client.stop()));
    }
  });

  it("revokes every worker's Ringer, and a handle still in flight, when the doorbell closes", async () => {
    const bell = Doorbell.create({ backend });
    const client = new WorkerClient();
    try {
      await client.request({ op: 'openRinger', key: 'before', handle: bell.handle() });
      bell.close();
      expect(await client.request({ op: 'ring', key: 'before', n: 1 })).toMatchObject({
        ok: false,
        code: 'ERR_DOORBELL_CLOSED',
      });
      expect(await client.request({ op: 'openRinger', key: 'after', handle: bell.handle() })).toMatchObject({
        ok: false,
        name: DoorbellClosedError.name,
      });
    } finally {
      await client.stop();
    }
  });

  it('a receiver opened in a worker competes for counts and ends when the creator closes', async () => {
    const bell = Doorbell.create({ backend });
    const client = new WorkerClient();
    try {
      await client.request({ op: 'openReceiver', key: 'rx', handle: bell.handle() });
      bell.ring(5);
      expect(await client.request({ op: 'drain', key: 'rx' })).toEqual({ ok: true, value: 5n });
      expect(bell.drain()).toBe(0);
      bell.close();
      expect(await client.request({ op: 'drain', key: 'rx' })).toMatchObject({
        ok: false,
        code: 'ERR_DOORBELL_CLOSED',
      });
    } finally {
      await client.stop();
    }
  });
});

describe.each(['eventfd', 'atomics'] as const)('worker threads that end (%s)', (backend) => {
  const fds = backend === 'atomics' ? 0 : 2; // the two doorbells below
  for (const mode of ['exit', 'throw', 'terminate'] as const) {
    it(`a worker that ends by ${mode} while holding a Ringer and watched doorbells leaks no fd and loses no ring`, async () => {
      const before = openFds();
      using bell = Doorbell.create({ backend });
      using spare = Doorbell.create({ backend });
      const rung = new SharedArrayBuffer(4);
      const worker = new Worker(lifecycleWorker, {
        workerData: {
          handle: bell.handle(),
          spare: spare.handle(),
          rung,
          mode: mode === 'terminate' ? 'ring-forever' : mode,
          rings: 10_000,
        },
      });
      const exited = exitOf(worker);
      const failed = once(worker, 'error');
      if (mode === 'terminate') {
        await once(worker, 'message');
        await new Promise((resolve) => setTimeout(resolve, 20));
        await worker.terminate();
      }
      await exited;
      if (mode === 'throw') expect(((await failed) as Error[])[0]?.message).toBe('worker failed on purpose');
      const counted = BigInt(Atomics.load(new Int32Array(rung), 0));
      const delivered = await settle(bell);
      // A ring may complete just before terminate() lands and before it is counted: at most one.
      expect(delivered >= counted && delivered <= counted + 1n).toBe(true);
      if (mode !== 'terminate') expect(delivered).toBe(10_000n);
      expect(openFds()).toBe(before + fds);
    });
  }

  it('loads in many workers at once and cleans up after all of them', async () => {
    const before = openFds();
    using bell = Doorbell.create({ backend });
    using spare = Doorbell.create({ backend });
    const workers = Array.from(
      { length: 8 },
      () =>
        new Worker(lifecycleWorker, {
          workerData: {
            handle: bell.handle(),
            spare: spare.handle(),
            rung: new SharedArrayBuffer(4),
            mode: 'exit',
            rings: 100,
          },
        }),
    );
    await Promise.all(workers.map(exitOf));
    expect(await settle(bell)).toBe(800n);
    expect(openFds()).toBe(before + fds);
  });
});

describe.each(['eventfd', 'pipe', 'atomics'] as const)('conservation under load (%s)', (backend) => {
  it('2 workers × 1,000,000 rings: the emitted counts sum to exactly 2,000,000, in fewer callbacks', async () => {
    const ringsPerWorker = Number(process.env.DOORBELL_LOAD_RINGS ?? 1_000_000);
    using bell = Doorbell.create({ backend });
    let delivered = 0;
    let callbacks = 0;
    const stop = bell.watch((count) => {
      delivered += count;
      callbacks++;
    });
    const workers = [0, 1].map(
      () =>
        new Worker(new URL('./fixtures/loadWorker.mjs', import.meta.url), {
          workerData: { handle: bell.handle(), rings: ringsPerWorker },
        }),
    );
    await Promise.all(workers.map((worker) => once(worker, 'exit')));
    await expect.poll(() => delivered, { timeout: 10_000 }).toBe(2 * ringsPerWorker);
    stop();
    expect(callbacks).toBeLessThan(2 * ringsPerWorker);
    console.log(
      `conservation under load (${backend}): ${delivered} rings in ${callbacks} callbacks, ` +
        `${(delivered / callbacks).toFixed(1)} rings per callback`,
    );
  });
});
