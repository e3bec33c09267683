// Worker side of the round-trip scenario: answer each notification from the main thread at once.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { Doorbell, type DoorbellHandle, Ringer } from '@doorbell/core';

export type LatencyMethod =
  | 'doorbell'
  | 'doorbell-atomics'
  | 'postMessage'
  | 'atomics'
  | 'c-eventfd'
  | 'c-eventfd-split'
  | 'c-libuv';

export interface LatencyData {
  /** doorbell-atomics: doorbells with backend 'atomics' each way. */
  readonly method: 'doorbell' | 'doorbell-atomics' | 'postMessage' | 'atomics';
  /** doorbell: the main thread's doorbell, rung to answer. */
  readonly handle?: DoorbellHandle;
  readonly port?: MessagePort;
  /** atomics: Int32 word 0 is the ping sequence number, word 1 the pong. */
  readonly shared?: SharedArrayBuffer;
}

/** doorbell: the worker's own doorbell, which the main thread rings. */
export type LatencyReady = { readonly type: 'ready'; readonly handle?: DoorbellHandle };

const data = workerData as LatencyData;
const ready = (message: LatencyReady) => parentPort!.postMessage(message);

switch (data.method) {
  case 'doorbell':
  case 'doorbell-atomics': {
    const answer = Ringer.open(data.handle!);
    const bell = Doorbell.create(data.method === 'doorbell-atomics' ? { backend: 'atomics' } : {});
    bell.watch(() => answer.ring());
    ready({ type: 'ready', handle: bell.handle() });
    break;
  }
  case 'postMessage': {
    const port = data.port!;
    port.on('message', (message) => port.postMessage(message));
    ready({ type: 'ready' });
    break;
  }
  case 'atomics': {
    const words = new Int32Array(data.shared!);
    // A pending Atomics.waitAsync does not keep a thread alive; this timer does (until terminate()).
    setInterval(() => {}, 2 ** 30);
    ready({ type: 'ready' });
    let seen = 0;
    for (;;) {
      const wait = Atomics.waitAsync(words, 0, seen);
      if (wait.async) await wait.value;
      seen = Atomics.load(words, 0);
      Atomics.store(words, 1, seen);
      Atomics.notify(words, 1, 1);
    }
  }
}
