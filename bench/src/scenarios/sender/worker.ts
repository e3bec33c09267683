// Worker side of the sender-cost scenario: one method's tight loop, timed in batches.
import { once } from 'node:events';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { Doorbell, type DoorbellHandle, Ringer } from '@doorbell/core';
import { timeBatches } from '../../internal/timeBatches.js';

export type SenderMethod =
  | 'doorbell-pending'
  | 'doorbell-idle'
  | 'doorbell-atomics-pending'
  | 'doorbell-atomics-idle'
  | 'postMessage'
  | 'atomics-add';

export interface SenderData {
  readonly method: SenderMethod;
  readonly batches: number;
  readonly batchMs: number;
  readonly handle?: DoorbellHandle;
  readonly port?: MessagePort;
  readonly counter?: SharedArrayBuffer;
}

/** To the main thread: `sync` asks it to confirm it has received `sent` messages; then `result`. */
export type SenderMessage =
  | { readonly type: 'sync'; readonly sent: number }
  | {
      readonly type: 'result';
      readonly nsPerOp: number[];
      readonly opsPerBatch: number;
      readonly emptyDrainNsPerOp?: number[];
    };

const data = workerData as SenderData;
const port = parentPort!;
const send = (message: SenderMessage) => port.postMessage(message);

async function measure(): Promise<SenderMessage> {
  const { batches, batchMs } = data;
  switch (data.method) {
    case 'doorbell-pending':
    case 'doorbell-atomics-pending': {
      // Before each batch: take what is pending, then one ring from idle makes the doorbell pending
      // again, so every timed ring finds it pending (and the coalesced count starts from 0).
      const ringer = Ringer.open(data.handle!);
      const receiver = Doorbell.open(data.handle!);
      const timed = await timeBatches(
        () => ringer.ring(),
        batches,
        batchMs,
        () => {
          receiver.drain();
          ringer.ring();
        },
      );
      receiver.close();
      return { type: 'result', ...timed };
    }
    case 'doorbell-idle':
    case 'doorbell-atomics-idle': {
      // A ring from idle cannot be timed alone in a loop: each needs a drain before the next. Time
      // ring + drain, then drain of an empty doorbell; the runner reports the difference too.
      const ringer = Ringer.open(data.handle!);
      const receiver = Doorbell.open(data.handle!);
      const timed = await timeBatches(
        () => {
          ringer.ring();
          receiver.drain();
        },
        batches,
        batchMs,
      );
      const empty = await timeBatches(() => receiver.drain(), batches, batchMs);
      receiver.close();
      return { type: 'result', ...timed, emptyDrainNsPerOp: empty.nsPerOp };
    }
    case 'postMessage': {
      // Before each batch, wait until the main thread has received everything, so no batch pays
      // for a backlog left by the one before.
      const target = data.port!;
      let sent = 0;
      const timed = await timeBatches(
        () => {
          target.postMessage(1);
          sent++;
        },
        batches,
        batchMs,
        async () => {
          const synced = once(port, 'message');
          send({ type: 'sync', sent });
          await synced;
        },
      );
      return { type: 'result', ...timed };
    }
    case 'atomics-add': {
      const counter = new Int32Array(data.counter!);
      const timed = await timeBatches(() => Atomics.add(counter, 0, 1), batches, batchMs);
      return { type: 'result', ...timed };
    }
  }
}

send(await measure());
