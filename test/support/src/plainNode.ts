import { spawn } from 'node:child_process';

/** How a child process ended, and what it printed. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node ...args` as a user would: without the NODE_PATH that `pnpm exec` sets (it points into
 * pnpm's store and would let a child resolve packages a user's program cannot). Resolves when the
 * child exits, whatever its exit code; a child still running after `timeout` ms is killed.
 */
export function runPlainNode(args: readonly string[], options: { timeout?: number } = {}): Promise<Run> {
  const { NODE_PATH: _ignored, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeout ?? 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
