// Test helpers: the built server as a child process, and an HTTP client that reads event streams.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The server, started with plain `node` as a user would (without the NODE_PATH `pnpm exec` sets). */
export class Server {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<Exit>;
  #stdout = '';
  #stderr = '';
  readonly #changed = new Set<() => void>();

  constructor(args: string[]) {
    const { NODE_PATH: _ignored, ...env } = process.env;
    this.child = spawn(process.execPath, [program, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdout += chunk;
      for (const listener of [...this.#changed]) listener();
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
  line(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (const text of this.#stdout.split('\n').slice(0, -1)) {
          const match = pattern.exec(text);
          if (match) return settle(undefined, match);
        }
      };
      const settle = (error: Error | undefined, match?: RegExpExecArray) => {
        if (!this.#changed.delete(check)) return;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(match!);
      };
      const timer = setTimeout(
        () => settle(new Error(`no line ${pattern} in ${timeoutMs} ms: ${this.#stdout}${this.#stderr}`)),
        timeoutMs,
      );
      this.#changed.add(check);
      check();
      void this.exited.then(({ code, signal }) => {
        check();
        settle(new Error(`exited (${code ?? signal}) before printing ${pattern}: ${this.#stdout}${this.#stderr}`));
      });
    });
  }

  /** The port from `listening on http://127.0.0.1:<port>`. */
  async port(): Promise<number> {
    const [, port] = await this.line(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/);
    return Number(port);
  }

  /** SIGKILLs the server if it still runs, and waits for it. */
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

/** Parses a complete event stream: blocks separated by a blank line, `event:` and `data:` fields. */
export function parseEvents(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const fields = new Map(
        block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
      );
      return { event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data') ?? 'null') as unknown };
    });
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request in progress: `firstChunk` resolves when the body starts arriving, `reply` when it has all arrived. */
export interface Exchange {
  readonly firstChunk: Promise<void>;
  readonly reply: Promise<Reply>;
  /** Drops the connection, as a client that goes away does. */
  abort(): void;
}

/** Sends a request to the server on its own connection (no keep-alive agent). */
export function send(port: number, method: string, path: string): Exchange {
  let onFirst!: () => void;
  const firstChunk = new Promise<void>((resolve) => (onFirst = resolve));
  let abort!: () => void;
  const reply = new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        onFirst();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
    abort = () => req.destroy();
  });
  reply.catch(() => undefined);
  return { firstChunk, reply, abort };
}
