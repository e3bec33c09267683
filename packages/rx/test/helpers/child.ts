import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** How a child process ended, and everything it printed. */
interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running child: see {@link startPlainNode}. */
export interface RunningChild {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once stdout has a whole line matching `line`; rejects if the child ends first or time runs out. */
  line(line: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the child has exited and its output is closed. */
  readonly exited: Promise<ChildExit>;
  /** SIGKILLs the child if it is still running (idempotent) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts a script with plain `node`, as a user would: without the NODE_PATH that `pnpm exec` sets
 * (it points into pnpm's store and would let a child resolve packages a user's program cannot).
 * Unlike `runPlainNode` it returns at once, so a test can wait for a line and then signal the child.
 */
export function startPlainNode(args: string[]): RunningChild {
  const { NODE_PATH: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ChildExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  exited.catch(() => undefined); // observed through `exited` or `line`

  const line = (wanted: string | RegExp, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const matches = (text: string) => (typeof wanted === 'string' ? text === wanted : wanted.test(text));
      const found = () => stdout.split('\n').slice(0, -1).find(matches);
      const settle = (error: Error | undefined, text?: string) => {
        if (!listeners.delete(check)) return;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(text!);
      };
      const check = () => {
        const text = found();
        if (text !== undefined) settle(undefined, text);
      };
      const timer = setTimeout(
        () =>
          settle(new Error(`no line ${String(wanted)} within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`)),
        timeoutMs,
      );
      listeners.add(check);
      check();
      void exited.then(({ code, signal }) => {
        check();
        settle(
          new Error(
            `exited (${code ?? signal}) before printing ${String(wanted)}; stdout: ${stdout}; stderr: ${stderr}`,
          ),
        );
      });
    });

  return {
    child,
    line,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited.catch(() => undefined);
    },
  };
}
