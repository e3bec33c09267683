// The latency scenario's doorbell round trip alone, for strace/perf: main → worker → main,
// a doorbell each way, `watch` on both ends. usage: node doorbellPingPong.mjs [ROUNDS=20000]
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Doorbell, Ringer } from '../../../packages/core/dist/index.js';

if (isMainThread) {
  const rounds = Number(process.argv[2] ?? 20000);
  const bell = Doorbell.create();
  const worker = new Worker(new URL(import.meta.url), { workerData: bell.handle() });
  const [handle] = await new Promise((resolve) => worker.once('message', (m) => resolve([m])));
  const ring = Ringer.open(handle);
  const ns = new Float64Array(rounds);
  let i = 0;
  let start = 0;
  await new Promise((resolve) => {
    bell.watch(() => {
      ns[i++] = (performance.now() - start) * 1e6;
      if (i === rounds) return resolve();
      start = performance.now();
      ring.ring();
    });
    start = performance.now();
    ring.ring();
  });
  const sorted = [...ns].sort((a, b) => a - b);
  console.log(`doorbell round trip p50 ${(sorted[rounds >> 1] / 1000).toFixed(2)} µs over ${rounds}`);
  await worker.terminate();
  bell.close();
} else {
  const answer = Ringer.open(workerData);
  const bell = Doorbell.create();
  bell.watch(() => answer.ring());
  parentPort.postMessage(bell.handle());
}
