import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Runs a script with plain `node`, as a user would: without the NODE_PATH that `pnpm exec` sets
 * (it points into pnpm's store and would let a child resolve packages a user's program cannot).
 */
export function runPlainNode(args: string[], options: { timeout?: number } = {}) {
  const { NODE_PATH: _ignored, ...env } = process.env;
  return execFileAsync(process.execPath, args, { env, timeout: options.timeout ?? 30_000 });
}
