// Worker side of the fan-in scenario: wait for the start signal, notify flat out for a fixed time,
// then report how many notifications were sent.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type DoorbellHandle, Ringer } from '@doorbell/core';

export type FanInMethod = 'doorbell' | 'doorbell-per-burst' | 'doorbell-atomics' | 'postMessage' | 'atomics';

export interface FanInData {
  readonly method: FanInMethod;
  readonly ringMs: number;
  /** Int32 word 0 turns 1 when every worker should start. */
  readonly go: SharedArrayBuffer;
  readonly handle?: DoorbellHandle;
  readonly port?: MessagePort;
  /** Int32 word 0: notifications not yet taken by the main thread. */
  readonly counter?: SharedArrayBuffer;
}

export type FanInMessage = { readonly type: 'ready' } | { readonly type: 'sent'; readonly sent: number };

// The clock costs more than a doorbell ring: look at it once per batch.
const BATCH = 4096;

const data = workerData as FanInData;

function flatOut(notify: () => void): number {
  const deadline = performance.now() + data.ringMs;
  let sent = 0;
  do {
    for (let i = 0; i < BATCH; i++) notify();
    sent += BATCH;
  } while (performance.now() < deadline);
  return sent;
}

function notifier(): () => void {
  switch (data.method) {
    case 'doorbell':
    case 'doorbell-per-burst':
    case 'doorbell-atomics': {
      const ringer = Ringer.open(data.handle!);
      return () => ringer.ring();
    }
    case 'postMessage': {
      const port = data.port!;
      return () => port.postMessage(1);
    }
    case 'atomics': {
      // The idiomatic coalescing sender: count in shared memory, wake the receiver only on 0 → 1.
      const counter = new Int32Array(data.counter!);
      return () => {
        if (Atomics.add(counter, 0, 1) === 0) Atomics.notify(counter, 0, 1);
      };
    }
  }
}

const notify = notifier();
const go = new Int32Array(data.go);
parentPort!.postMessage({ type: 'ready' } satisfies FanInMessage);
Atomics.wait(go, 0, 0);
const sent = flatOut(notify);
parentPort!.postMessage({ type: 'sent', sent } satisfies FanInMessage);
