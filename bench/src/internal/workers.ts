// Starting the scenarios' worker threads and waiting for their messages.
import { type Transferable, Worker } from 'node:worker_threads';

/** Starts the worker script at `url` (a scenario's worker.js) with `workerData`. */
export function startWorker(url: URL, workerData: unknown, transferList: readonly Transferable[] = []): Worker {
  return new Worker(url, { workerData, transferList: [...transferList] });
}

/** The next message from `worker` that satisfies `accept`; rejects if the worker errors or exits first. */
export function nextMessage<T>(worker: Worker, accept: (message: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (!accept(message)) return;
      cleanup();
      resolve(message);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker exited with code ${code} before sending the expected message`));
    };
    const cleanup = () => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/** Resolves after the current macrotask queue has run (lets libuv close handles, messages arrive). */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** True if `promise` fulfils within `ms`, false if the time runs out first (the timer never outlives it). */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
