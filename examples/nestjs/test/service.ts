// Test helpers: the built service as a child process started with plain `node`, and an SSE client.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The service, run as a user runs it (without the NODE_PATH that `pnpm exec` sets). */
export class Service {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<Exit>;
  #stdout = '';
  #stderr = '';
  readonly #waiting = new Set<() => void>();

  constructor(args: string[] = []) {
    if (!existsSync(program)) throw new Error(`${program} is missing: run \`pnpm run build\` first`);
    const { NODE_PATH: _ignored, ...env } = process.env;
    this.child = spawn(process.execPath, [program, '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdout += chunk;
      for (const check of [...this.#waiting]) check();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.#stderr += chunk));
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => resolve({ code, signal, stdout: this.#stdout, stderr: this.#stderr }));
    });
    this.exited.catch(() => undefined);
  }

  get stdout(): string {
    return this.#stdout;
  }

  /** The first whole line of stdout matching `pattern`, once there is one. */
  line(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const settle = (error: Error | undefined, match?: RegExpExecArray) => {
        if (!this.#waiting.delete(check)) return;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(match!);
      };
      const check = () => {
        for (const text of this.#stdout.split('\n').slice(0, -1)) {
          const match = pattern.exec(text);
          if (match) return settle(undefined, match);
        }
      };
      const timer = setTimeout(
        () => settle(new Error(`no line ${pattern} in ${timeoutMs} ms: ${this.#stdout}${this.#stderr}`)),
        timeoutMs,
      );
      this.#waiting.add(check);
      check();
      void this.exited.then(({ code, signal }) => {
        check();
        settle(new Error(`exited (${code ?? signal}) before printing ${pattern}: ${this.#stdout}${this.#stderr}`));
      });
    });
  }

  /** The service's base URL, once it listens. */
  async url(): Promise<string> {
    const [, port] = await this.line(/^listening on http:\/\/localhost:(\d+)\/$/);
    return `http://127.0.0.1:${port}`;
  }

  /** SIGKILLs the service if it still runs, and waits for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited.catch(() => undefined);
  }
}

/** One Server-Sent Event. */
export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

/** An event stream being read: `next(event)` waits for the first event of that type, `all` for the end. */
export interface EventStream {
  readonly status: number;
  /** Resolves with the events seen so far once one of type `type` has arrived. */
  until(type: string): Promise<SseEvent[]>;
  /** Every event, once the server has ended the stream. */
  readonly all: Promise<SseEvent[]>;
  /** Drops the connection, as a client that goes away does. */
  close(): void;
}

/** Opens `url` as EventSource would (GET, Accept: text/event-stream) and parses the events as they come. */
export async function openEvents(url: string): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiting = new Set<() => void>();
  const all = (async () => {
    if (response.body === null) return events;
    const decoder = new TextDecoder();
    let text = '';
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += decoder.decode(read.value, { stream: true });
      const blocks = text.split('\n\n');
      text = blocks.pop()!;
      for (const block of blocks) if (block.trim() !== '') events.push(parseEvent(block));
      for (const check of [...waiting]) check();
    }
    return events;
  })();
  all.catch(() => undefined);
  const until = (type: string) =>
    new Promise<SseEvent[]>((resolve, reject) => {
      const check = () => {
        if (events.some(({ event }) => event === type)) {
          waiting.delete(check);
          resolve([...events]);
        }
      };
      waiting.add(check);
      check();
      all.then(() => {
        check();
        reject(new Error(`the stream ended without a '${type}' event: ${JSON.stringify(events)}`));
      }, reject);
    });
  return { status: response.status, until, all, close: () => controller.abort() };
}

function parseEvent(block: string): SseEvent {
  const fields = new Map(
    block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data') ?? 'null') as unknown };
}

/** Sends a request without keep-alive, and returns the status and the parsed JSON body. */
export async function call(url: string, method = 'GET'): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { method, headers: { connection: 'close' } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body, headers: response.headers };
}
