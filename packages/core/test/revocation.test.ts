import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openFds } from '@doorbell/test-support';
import { Doorbell } from '../src/index.js';
import { WorkerClient } from './helpers/WorkerClient.js';

const CYCLES = Number(process.env.DOORBELL_STRESS_CYCLES ?? 1000);

describe('revocation', () => {
  it("a worker's Ringer never writes to the file that took the closed doorbell's fd number", async () => {
    const client = new WorkerClient();
    const dir = mkdtempSync(join(tmpdir(), 'doorbell-'));
    const files: number[] = [];
    try {
      const bell = Doorbell.create();
      const oldFd = bell.fd;
      await client.request({ op: 'openRinger', key: 'r', handle: bell.handle() });
      bell.close();
      for (let i = 0; i < 64 && !files.includes(oldFd); i++) files.push(openSync(join(dir, `f${i}`), 'w+'));
      expect(files).toContain(oldFd);
      expect(await client.request({ op: 'ring', key: 'r', n: 1, times: 100 })).toMatchObject({
        ok: false,
        code: 'ERR_DOORBELL_CLOSED',
      });
      expect(readFileSync(join(dir, `f${files.indexOf(oldFd)}`)).length).toBe(0);
    } finally {
      for (const fd of files) closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
      await client.stop();
    }
  });
});

describe.each(['eventfd', 'pipe', 'atomics'] as const)('revocation (%s)', (backend) => {
  it(`survives ${CYCLES} open/ring/close cycles across workers, with terminate() mid-ring, leaking nothing`, async () => {
    const ringer = new WorkerClient();
    const closer = new WorkerClient();
    await Promise.all([ringer.request({ op: 'ping' }), closer.request({ op: 'ping' })]);
    const before = openFds();
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const bell = Doorbell.create({ backend });
        const key = `c${cycle}`;
        // Exact conservation for everything rung before close.
        await ringer.request({ op: 'openRinger', key, handle: bell.handle() });
        const times = 1 + (cycle % 97);
        expect(await ringer.request({ op: 'ring', key, n: 1 + (cycle % 5), times })).toEqual({ ok: true });
        expect(bell.drain()).toBe(times * (1 + (cycle % 5)));
        await ringer.request({ op: 'closeRinger', key });

        // Close under a worker that is ringing flat out: it stops with DoorbellClosedError.
        await closer.request({ op: 'openRinger', key, handle: bell.handle() });
        const started = new SharedArrayBuffer(4);
        const ringing = closer.request({ op: 'ringUntilClosed', key, started });
        while (Atomics.load(new Int32Array(started), 0) === 0) await setImmediate();
        bell.close();
        expect(await ringing).toMatchObject({ ok: true });
        await closer.request({ op: 'closeRinger', key });

        // Every 50th cycle: a worker terminated while it rings a fresh doorbell.
        if (cycle % 50 === 0) {
          using victim = Doorbell.create({ backend });
          const rung = new SharedArrayBuffer(4);
          using spare = Doorbell.create();
          const worker = new Worker(new URL('./fixtures/lifecycleWorker.mjs', import.meta.url), {
            workerData: { handle: victim.handle(), spare: spare.handle(), rung, mode: 'ring-forever', rings: 0 },
          });
          await new Promise((resolve) => worker.once('message', resolve));
          await worker.terminate();
          const counted = BigInt(Atomics.load(new Int32Array(rung), 0));
          let delivered = 0n;
          for (let n = victim.drain({ bigint: true }); n > 0n; n = victim.drain({ bigint: true })) delivered += n;
          expect(delivered >= counted && delivered <= counted + 1n).toBe(true);
        }
      }
      expect(openFds()).toBe(before);
    } finally {
      await Promise.all([ringer.stop(), closer.stop()]);
    }
  });
});
