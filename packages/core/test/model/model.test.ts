import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openFds } from '@doorbell/test-support';
import { CoalescingModel, Doorbell } from '../../src/index.js';
import { WorkerClient } from '../helpers/WorkerClient.js';
import { commandsArbitrary } from './Commands.js';
import type { Model, Real } from './Model.js';

const WORKERS = 2;
const RUNS = Number(process.env.DOORBELL_MODEL_RUNS ?? 200);

describe.each(['eventfd', 'pipe', 'atomics'] as const)('Doorbell (%s) against CoalescingModel', (backend) => {
  let workers: WorkerClient[] = [];
  beforeAll(async () => {
    workers = Array.from({ length: WORKERS }, () => new WorkerClient());
    await Promise.all(workers.map((worker) => worker.request({ op: 'ping' })));
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
  });

  it(`agrees at every step of random ring/drain/watch/flush/end/close sequences across threads (${RUNS} runs)`, async () => {
    const fdsBefore = openFds();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), commandsArbitrary(WORKERS), async (semaphoreWanted, commands) => {
        const semaphore = semaphoreWanted && backend !== 'pipe';
        const bell = Doorbell.create({ semaphore, backend });
        const opened = Doorbell.open(bell.handle());
        const ringerKey = `run${run++}`;
        try {
          for (const worker of workers)
            await worker.request({ op: 'openRinger', key: ringerKey, handle: bell.handle() });
          const setup = () => ({
            model: { model: new CoalescingModel({ semaphore }), backend, rawInPipe: 0n } satisfies Model,
            real: { bell, opened, workers, ringerKey } satisfies Real,
          });
          await fc.asyncModelRun(setup, commands);
        } finally {
          for (const worker of workers) await worker.request({ op: 'closeRinger', key: ringerKey });
          opened.close();
          bell.close();
        }
      }),
      { numRuns: RUNS },
    );
    if (openFds() !== fdsBefore) throw new Error(`fds leaked: ${fdsBefore} before, ${openFds()} after`);
  });
});
