import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { Doorbell } from '@doorbell/core';
import type { INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
// The built classes: NestJS needs the decorator metadata that tsc emits.
import { DoorbellTransport } from '../dist/DoorbellTransport.js';
import { UnitsController } from '../dist/UnitsController.js';

const PYTHON_RAW_WRITER = `
import os, sys
fd, units = int(sys.argv[1]), int(sys.argv[2])
for _ in range(units):
    os.eventfd_write(fd, 1)  # 8 bytes, an unsigned 64-bit 1, as eventfd(2) reads them
`;

/** Runs `python3` with the doorbell's fd as its fd 3, writing `units` raw rings to it. */
function pythonRings(bell: Doorbell, units: number): Promise<number | null> {
  const python = spawn('python3', ['-c', PYTHON_RAW_WRITER, '3', String(units)], {
    stdio: ['ignore', 'inherit', 'inherit', bell.writeFd],
  });
  return new Promise((resolve, reject) => {
    python.once('error', reject);
    python.once('exit', resolve);
  });
}

function workerRings(bell: Doorbell, units: number): Promise<number> {
  const worker = new Worker(new URL('./fixtures/ringUnits.mjs', import.meta.url), {
    workerData: { handle: bell.handle(), units },
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', resolve);
  });
}

const apps: INestMicroservice[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('DoorbellTransport', () => {
  it('delivers the rings of a worker thread and of a Python raw writer to the @EventPattern handler, every one', async () => {
    const bell = Doorbell.create({ backend: 'eventfd' });
    const moduleRef = await Test.createTestingModule({ controllers: [UnitsController] }).compile();
    const app = moduleRef.createNestMicroservice({ strategy: new DoorbellTransport(new Map([['units', bell]])) });
    apps.push(app);
    await app.listen();

    const [workerExit, pythonExit] = await Promise.all([workerRings(bell, 5000), pythonRings(bell, 300)]);
    expect({ workerExit, pythonExit }).toEqual({ workerExit: 0, pythonExit: 0 });

    // close() ends the doorbell: every ring made before is delivered, then the handlers are done.
    await app.close();
    const { units, deliveries } = moduleRef.get(UnitsController).totals();
    expect(units).toBe(5300);
    expect(deliveries).toBeGreaterThanOrEqual(1);
    expect(deliveries).toBeLessThanOrEqual(5300);
    expect(bell.closed).toBe(true);
    expect(() => bell.ring()).toThrow(expect.objectContaining({ code: 'ERR_DOORBELL_CLOSED' }));
  });

  it('a pattern with no handler is logged and the others keep being delivered', async () => {
    const units = Doorbell.create();
    const stray = Doorbell.create();
    const moduleRef = await Test.createTestingModule({ controllers: [UnitsController] }).compile();
    const app = moduleRef.createNestMicroservice({
      strategy: new DoorbellTransport(
        new Map([
          ['stray', stray],
          ['units', units],
        ]),
      ),
      logger: false,
    });
    apps.push(app);
    await app.listen();
    stray.ring(2);
    units.ring(3);
    await app.close();
    expect(moduleRef.get(UnitsController).totals().units).toBe(3);
  });
});
