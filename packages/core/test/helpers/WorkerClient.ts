import { once } from 'node:events';
import { type TransferListItem, Worker } from 'node:worker_threads';

export type Reply = { ok: true; value?: unknown } | { ok: false; name: string; code?: string; message: string };

/** Drives test/fixtures/commandWorker.mjs: one request at a time, each answered with a Reply. */
export class WorkerClient {
  readonly worker: Worker;
  #nextId = 0;
  readonly #pending = new Map<number, (reply: Reply) => void>();

  constructor() {
    this.worker = new Worker(new URL('../fixtures/commandWorker.mjs', import.meta.url));
    this.worker.on('message', ({ id, reply }: { id: number; reply: Reply }) => {
      this.#pending.get(id)?.(reply);
      this.#pending.delete(id);
    });
  }

  /** Sends `message` (with `transfer`, such as a MessagePort); resolves with the worker's reply. */
  request(message: Record<string, unknown>, transfer: readonly TransferListItem[] = []): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  async stop(): Promise<void> {
    const exited = once(this.worker, 'exit');
    await this.worker.terminate();
    await exited.catch(() => undefined);
  }
}
