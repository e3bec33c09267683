// Sender cost: ns per notification in a worker's tight loop, for each way of notifying.
import { MessageChannel } from 'node:worker_threads';
import { Doorbell } from '@doorbell/core';
import type { Plan } from '../../Plan.js';
import { report } from '../../Rep.js';
import { median } from '../../stats.js';
import { nextMessage, startWorker } from '../../internal/workers.js';
import { METHODS } from './methods.js';
import type { SenderData, SenderMessage, SenderMethod } from './worker.js';

async function measureOnce(
  method: SenderMethod,
  plan: Plan,
): Promise<{ metrics: Record<string, number>; samples: number[] }> {
  const { batches, batchMs } = plan.sender;
  const bell = method.startsWith('doorbell')
    ? Doorbell.create(method.startsWith('doorbell-atomics') ? { backend: 'atomics' } : {})
    : undefined;
  const channel = method === 'postMessage' ? new MessageChannel() : undefined;
  const data: SenderData = {
    method,
    batches,
    batchMs,
    ...(bell && { handle: bell.handle() }),
    ...(channel && { port: channel.port2 }),
    ...(method === 'atomics-add' && { counter: new SharedArrayBuffer(4) }),
  };
  const worker = startWorker(new URL('./worker.js', import.meta.url), data, channel ? [channel.port2] : []);

  if (channel) {
    // The receiving end counts; a `sync` is answered once everything sent so far has arrived.
    let received = 0;
    let awaited = Infinity;
    channel.port1.on('message', () => {
      if (++received === awaited) {
        awaited = Infinity;
        worker.postMessage('synced');
      }
    });
    worker.on('message', (message: SenderMessage) => {
      if (message.type !== 'sync') return;
      if (received >= message.sent) worker.postMessage('synced');
      else awaited = message.sent;
    });
  }

  try {
    const result = await nextMessage<SenderMessage>(worker, (m) => m.type === 'result');
    if (result.type !== 'result') throw new Error('unreachable');
    const nsPerOp = median(result.nsPerOp);
    if (result.emptyDrainNsPerOp) {
      const drain = median(result.emptyDrainNsPerOp);
      return {
        metrics: {
          nsPerOp: nsPerOp - drain,
          nsPerRingAndDrain: nsPerOp,
          nsPerEmptyDrain: drain,
          opsPerBatch: result.opsPerBatch,
        },
        samples: result.nsPerOp,
      };
    }
    return { metrics: { nsPerOp, opsPerBatch: result.opsPerBatch }, samples: result.nsPerOp };
  } finally {
    await worker.terminate();
    channel?.port1.close();
    bell?.close();
  }
}

export async function run(plan: Plan): Promise<void> {
  for (let rep = 1; rep <= plan.sender.reps; rep++) {
    for (const method of METHODS) {
      const { metrics, samples } = await measureOnce(method, plan);
      const extra =
        metrics.nsPerRingAndDrain === undefined
          ? ''
          : ` (ring+drain ${metrics.nsPerRingAndDrain.toFixed(0)} ns − empty drain)`;
      report({
        type: 'rep',
        rep: {
          scenario: 'sender',
          case: '',
          method,
          rep,
          metrics,
          samples,
          headline: `${metrics.nsPerOp!.toFixed(1)} ns/op${extra}`,
        },
      });
    }
  }
}
