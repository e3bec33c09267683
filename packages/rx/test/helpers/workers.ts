import { Worker } from 'node:worker_threads';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);

/**
 * Starts a fixture worker and collects what it posts. `exited` resolves with the exit code and
 * every message, or rejects with the worker's uncaught error. `stop()` terminates it (idempotent).
 */
export function startWorker(name: string, workerData: unknown) {
  const worker = new Worker(fixture(name), { workerData });
  const messages: unknown[] = [];
  worker.on('message', (message) => messages.push(message));
  const exited = new Promise<{ code: number; messages: unknown[] }>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => resolve({ code, messages }));
  });
  exited.catch(() => undefined); // observed by the test through `exited`
  return {
    worker,
    messages,
    exited,
    stop: async () => {
      await worker.terminate();
      await exited.catch(() => undefined);
    },
  };
}
