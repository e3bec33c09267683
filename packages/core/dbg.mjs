import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { Doorbell } from '@doorbell/core';
const [backend, mode, ms] = process.argv.slice(2);
const bell = Doorbell.create({ backend });
const workers = [0, 1].map(
  () =>
    new Worker(new URL('./test/fixtures/ringUntilClosed.mjs', import.meta.url), {
      workerData: { handle: bell.handle() },
    }),
);
await Promise.all(workers.map((w) => once(w, 'message')));
const reports = workers.map((w) => once(w, 'message'));
let delivered = 0;
if (mode === 'watch') {
  bell.watch((n) => {
    delivered += n;
  });
  await sleep(Number(ms));
  await bell.end();
} else if (mode === 'drain') {
  const t = Date.now();
  while (Date.now() - t < Number(ms)) {
    delivered += bell.drain();
    await sleep(10);
  }
  await bell.end(); // nothing watching: dropped... so drain before
} else {
  setTimeout(() => void bell.end(), Number(ms));
  for await (const c of bell) {
    delivered += c;
    await sleep(10);
  }
}
let rung = 0;
for (const [c] of await Promise.all(reports)) rung += c;
console.log(backend, mode, rung === delivered ? 'ok' : `LOST ${rung - delivered}`, rung);
